package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/guildhall-platform/guildhall/internal/people"
)

const importAbout = `Import person records or a gazetteer.

  guildhall import --source NAME --mapping mapping.yaml file.csv
      person records of one source (council tax, electoral register…), columns
      mapped by the YAML file; a re-import updates records by their key
  guildhall import --gazetteer file.csv
      properties from an OS AddressBase or LLPG export (UPRN, USRN, BS 7666 parts)

Every row is validated; rejected rows are reported as file.csv:LINE: problem
and the good rows are kept. The exit status is 1 when any row was rejected.
Records are linked by the running server's background worker, or at once
with --link.`

// importFlags are the options of `guildhall import`.
type importFlags struct {
	source, mapping, gazetteer, actor string
	link                              bool
	file                              string
}

// runImport is the `import` sub-command.
func runImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("import", importAbout, stderr)
	var c config
	c.bindStore(fs, getenv)
	var f importFlags
	fs.StringVar(&f.source, "source", "", "source name of the records (lower case, e.g. council-tax)")
	fs.StringVar(&f.mapping, "mapping", "", "YAML column mapping for --source")
	fs.StringVar(&f.gazetteer, "gazetteer", "", "gazetteer CSV to import instead of person records")
	fs.StringVar(&f.actor, "actor", "cli", "who the audit log names as importing")
	fs.BoolVar(&f.link, "link", false, "link records now instead of leaving it to the server's worker")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := f.check(fs.Args()); err != nil {
		fmt.Fprintln(stderr, "guildhall import:", err)
		fs.Usage()
		return errUsage
	}
	logger := newLogger("text", "warn", stderr)
	st, err := openStore(ctx, c, logger)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := &people.Service{Store: st, Logger: logger}
	var rejected int
	if f.gazetteer != "" {
		rejected, err = importGazetteer(ctx, svc, f, stdout, stderr)
	} else {
		rejected, err = importRecords(ctx, svc, f, stdout, stderr)
	}
	if err == nil && f.link {
		err = linkNow(ctx, svc, stdout)
	}
	if err == nil && rejected > 0 {
		return exitError(1)
	}
	return err
}

func (f *importFlags) check(rest []string) error {
	switch {
	case f.gazetteer != "" && (f.source != "" || f.mapping != "" || len(rest) > 0):
		return errors.New("--gazetteer takes the file itself and no --source, --mapping or other file")
	case f.gazetteer != "":
		f.file = f.gazetteer
		return nil
	case f.source == "" || f.mapping == "" || len(rest) != 1:
		return errors.New("give --source NAME --mapping FILE and one CSV file, or --gazetteer FILE")
	case !people.ValidSource(f.source):
		return fmt.Errorf("--source %q: use lower-case letters, digits, - and _ (and not %q)", f.source, people.SourceCase)
	}
	f.file = rest[0]
	return nil
}

// importRecords streams the file into the store: one row in memory at a
// time and ImportBatch rows to a transaction, with rejects printed as they
// are found.
func importRecords(ctx context.Context, svc *people.Service, f importFlags, stdout, stderr io.Writer) (int, error) {
	raw, err := os.ReadFile(f.mapping)
	if err != nil {
		return 0, err
	}
	m, err := people.ParseMapping(raw)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", f.mapping, err)
	}
	file, err := os.Open(f.file)
	if err != nil {
		return 0, err
	}
	defer file.Close()
	im, err := svc.StartImport(f.actor, f.source)
	if err != nil {
		return 0, err
	}
	rejected := rejectPrinter(stderr, f.file)
	err = m.Scan(file, f.source, time.Now().UTC(), func(r people.Record) error { return im.Add(ctx, r) }, rejected.print)
	if err == nil {
		err = im.Finish(ctx)
	}
	if err != nil {
		return rejected.n, fmt.Errorf("%s: %w (%d records were imported before it)", f.file, err, im.Written)
	}
	fmt.Fprintf(stdout, "%s: imported %d records from source %s (%d with a UPRN), rejected %d rows\n",
		filepath.Base(f.file), im.Written, f.source, im.WithUPRN, rejected.n)
	return rejected.n, nil
}

// importGazetteer streams a gazetteer file into the store as importRecords does.
func importGazetteer(ctx context.Context, svc *people.Service, f importFlags, stdout, stderr io.Writer) (int, error) {
	file, err := os.Open(f.file)
	if err != nil {
		return 0, err
	}
	defer file.Close()
	g := svc.StartGazetteerImport(f.actor)
	rejected := rejectPrinter(stderr, f.file)
	err = people.ScanGazetteer(file, func(p people.Property) error { return g.Add(ctx, p) }, rejected.print)
	if err == nil {
		err = g.Finish(ctx)
	}
	if err != nil {
		return rejected.n, fmt.Errorf("%s: %w (%d properties were imported before it)", f.file, err, g.Written)
	}
	fmt.Fprintf(stdout, "%s: imported %d properties, rejected %d rows\n", filepath.Base(f.file), g.Written, rejected.n)
	return rejected.n, nil
}

// rejects prints each rejected row as file:line: problem and counts them.
type rejects struct {
	w    io.Writer
	file string
	n    int
}

func rejectPrinter(w io.Writer, file string) *rejects { return &rejects{w: w, file: file} }

func (r *rejects) print(rj people.Reject) {
	r.n++
	fmt.Fprintf(r.w, "%s:%s\n", r.file, rj.Error())
}

// linkNow links the records waiting (those just imported among them), as
// the server's job would; if a server is linking them already it says so.
func linkNow(ctx context.Context, svc *people.Service, stdout io.Writer) error {
	st, ran, err := svc.LinkIfChanged(ctx)
	if err != nil {
		return err
	}
	if !ran {
		fmt.Fprintln(stdout, "no records linked here: none wait, or a running server is linking them")
		return nil
	}
	fmt.Fprintf(stdout, "linked %d records into %d people in %s (%d batches, %d candidate pairs, %d possible matches to review, %d addresses matched to a UPRN, %d blocks over the cap of %d left out)\n",
		st.Records, st.Persons, st.Duration.Round(time.Millisecond), st.Batches, st.Candidates, st.Suggestions, st.Matched, st.Capped, st.BlockCap)
	return nil
}
