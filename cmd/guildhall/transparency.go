package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/opendata"
)

const transparencyAbout = `Check a Transparency Code CSV file and publish it if it is valid.

Usage: guildhall transparency publish --dataset ID FILE.csv

ID is one of: %s.
The file is checked against the dataset's Table Schema a row at a time, as
the administrator's upload page checks it, but with no upload size limit:
use this for files over the web upload limit. Problems are printed as
FILE:ROW: column C (Header): problem, the first 100 of them, and nothing is
published; the exit status is then 1.`

// runTransparency is `guildhall transparency publish`.
func runTransparency(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "publish" {
		if asksForHelp(args) {
			fmt.Fprintf(stdout, transparencyAbout+"\n", strings.Join(opendata.TransparencyIDs(), ", "))
			return nil
		}
		fmt.Fprintf(stderr, transparencyAbout+"\n", strings.Join(opendata.TransparencyIDs(), ", "))
		return errUsage
	}
	fs := newFlagSet("transparency publish", fmt.Sprintf(transparencyAbout, strings.Join(opendata.TransparencyIDs(), ", ")), stderr)
	var cfg config
	cfg.bind(fs, getenv)
	dataset := fs.String("dataset", "", "the Transparency Code dataset the file is")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 || *dataset == "" {
		fs.Usage()
		return errUsage
	}
	if _, err := opendata.TransparencySchema(*dataset); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	app, err := newApp(ctx, cfg, newLogger("text", "warn", stderr))
	if err != nil {
		return err
	}
	defer app.Close()
	name := filepath.Base(fs.Arg(0))
	rep, pub, err := app.OpenData.Transparency.Upload(ctx, access.System, *dataset, name, f)
	if err != nil {
		return err
	}
	if !rep.Valid() {
		for _, p := range rep.Problems {
			col := ""
			if p.Column != "" {
				col = fmt.Sprintf("column %s (%s): ", p.Column, p.Field)
			}
			fmt.Fprintf(stdout, "%s:%d: %s%s\n", name, p.Line, col, p.Message)
		}
		fmt.Fprintf(stdout, "%s in %s; nothing was published.\n", counted(rep.Total, "problem"), counted(rep.Rows, "row"))
		return exitError(1)
	}
	fmt.Fprintf(stdout, "Published %s: %s (%d bytes), publication %d.\n", *dataset, counted(pub.Rows, "row"), pub.Bytes, pub.ID)
	return nil
}

// counted writes "1 row", "2 rows".
func counted(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
