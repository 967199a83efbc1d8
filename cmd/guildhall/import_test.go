package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// TestImport runs `guildhall import` on the people package's sample files:
// the gazetteer, then council tax records with rejects reported by line and
// the good rows kept, linked at once.
func TestImport(t *testing.T) {
	dir := t.TempDir()
	getenv := func(k string) string {
		if k == "GUILDHALL_DATA" {
			return dir
		}
		return ""
	}
	ctx := context.Background()
	var out, errs bytes.Buffer
	err := runImport(ctx, []string{"--gazetteer", "../../internal/people/testdata/gazetteer.csv"}, getenv, &out, &errs)
	if err != nil || !strings.Contains(out.String(), "imported 14 properties, rejected 0 rows") {
		t.Fatalf("gazetteer import: %v\n%s%s", err, out.String(), errs.String())
	}
	out.Reset()
	err = runImport(ctx, []string{"--gazetteer", "../../internal/people/testdata/gazetteer_bad.csv"}, getenv, &out, &errs)
	if code := new(exitError); !errors.As(err, code) || *code != 1 || !strings.Contains(errs.String(), "gazetteer_bad.csv:3: UPRN") {
		t.Fatalf("bad gazetteer: %v\n%s", err, errs.String())
	}
	out.Reset()
	errs.Reset()
	err = runImport(ctx, []string{"--source", "council-tax", "--mapping", "../../internal/people/testdata/council-tax.yaml", "--link",
		"../../internal/people/testdata/council-tax.csv"}, getenv, &out, &errs)
	if code := new(exitError); !errors.As(err, code) || *code != 1 {
		t.Fatalf("records with rejects: %v, want exit status 1", err)
	}
	want := `../../internal/people/testdata/council-tax.csv:4: date_of_birth "31/02/1980" is not a real date`
	if !strings.Contains(errs.String(), want) {
		t.Errorf("stderr lacks %q:\n%s", want, errs.String())
	}
	for _, w := range []string{"imported 3 records from source council-tax (3 with a UPRN), rejected 4 rows", "linked 3 records into"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("stdout lacks %q:\n%s", w, out.String())
		}
	}
	for _, args := range [][]string{{}, {"--source", "case", "--mapping", "m.yaml", "f.csv"}, {"--gazetteer", "g.csv", "--source", "x"}} {
		if err := runImport(ctx, args, getenv, &out, &errs); !errors.Is(err, errUsage) {
			t.Errorf("import %v: %v, want a usage error", args, err)
		}
	}
}
