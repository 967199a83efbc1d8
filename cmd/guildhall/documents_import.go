package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

const documentsImportAbout = `Import documents from a folder, as a manifest lists them.

  guildhall documents import [--team TEAM] [--folder DIR] manifest.csv

The manifest is CSV with a header row. Columns, in any order:
  file            path of the file, inside the folder (required)
  title           (required)
  class           file plan class, a transaction such as 5.3.1 (required)
  classification  OFFICIAL or OFFICIAL-SENSITIVE (required)
  date            the document's date, YYYY-MM-DD
  author, description
  team            owning team (default --team)
  related_cases   case references separated by semicolons

Each file goes through the same checks as an upload (names, content, malware
scan with --clamd) and its text is extracted for search. Rejected rows are
reported as manifest.csv:LINE: problem and the good rows are kept; progress
goes to standard error every 100 rows. The exit status is 1 when any row was
rejected. Rows are read one at a time, so memory does not grow with the
manifest.`

// runDocumentsImport is `guildhall documents import`.
func runDocumentsImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("documents import", documentsImportAbout, stderr)
	var cfg config
	cfg.bind(fs, getenv)
	team := fs.String("team", "", "team that owns documents whose row names none")
	folder := fs.String("folder", "", "folder the file column is relative to (default: the manifest's folder)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	manifest := fs.Arg(0)
	if *folder == "" {
		*folder = filepath.Dir(manifest)
	}
	f, err := os.Open(manifest)
	if err != nil {
		return err
	}
	defer f.Close()
	app, err := newApp(ctx, cfg, newLogger("text", "warn", stderr))
	if err != nil {
		return err
	}
	defer app.Close()
	im := records.Import{Manifest: filepath.Base(manifest), Files: os.DirFS(*folder), Team: *team,
		Upload: func(ctx context.Context, name string, size int64, body io.ReadSeeker) (service.FileRef, error) {
			ref, err := app.Uploads.Store(ctx, &records.DocumentQuestion, web.UploadFile{Name: filepath.Base(name), Size: size, Body: body}, "import", manifest)
			if err != nil {
				return service.FileRef{}, err
			}
			return *ref, nil
		},
		Rejected: func(r records.ImportReject) { fmt.Fprintln(stdout, r) },
		Progress: func(n records.ImportCounts) {
			fmt.Fprintf(stderr, "%d rows read: %d imported, %d rejected\n", n.Rows, n.Imported, n.Rejected)
		},
	}
	n, err := app.Documents.Import(ctx, access.System, f, im)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Imported %d documents from %s; %d rows rejected.\n", n.Imported, im.Manifest, n.Rejected)
	if n.Rejected > 0 {
		return exitError(1)
	}
	return nil
}
