package main

import (
	"errors"
	"strings"
	"testing"
)

// TestImport runs `guildhall import` on the people package's sample files:
// the gazetteer, then council tax records with rejects reported by line and
// the good rows kept, linked at once.
func TestImport(t *testing.T) {
	getenv := dataIn(t.TempDir())
	out, errs, err := runSub(runImport, getenv, "--gazetteer", "../../internal/people/testdata/gazetteer.csv")
	if err != nil || !strings.Contains(out, "imported 14 properties, rejected 0 rows") {
		t.Fatalf("gazetteer import: %v\n%s%s", err, out, errs)
	}
	_, errs, err = runSub(runImport, getenv, "--gazetteer", "../../internal/people/testdata/gazetteer_bad.csv")
	if code := new(exitError); !errors.As(err, code) || *code != 1 || !strings.Contains(errs, "gazetteer_bad.csv:3: UPRN") {
		t.Fatalf("bad gazetteer: %v\n%s", err, errs)
	}
	out, errs, err = runSub(runImport, getenv, "--source", "council-tax", "--mapping", "../../internal/people/testdata/council-tax.yaml", "--link",
		"../../internal/people/testdata/council-tax.csv")
	if code := new(exitError); !errors.As(err, code) || *code != 1 {
		t.Fatalf("records with rejects: %v, want exit status 1", err)
	}
	want := `../../internal/people/testdata/council-tax.csv:4: date_of_birth "31/02/1980" is not a real date`
	if !strings.Contains(errs, want) {
		t.Errorf("stderr lacks %q:\n%s", want, errs)
	}
	for _, w := range []string{"imported 3 records from source council-tax (3 with a UPRN), rejected 4 rows", "linked 3 records into"} {
		if !strings.Contains(out, w) {
			t.Errorf("stdout lacks %q:\n%s", w, out)
		}
	}
	for _, args := range [][]string{{}, {"--source", "case", "--mapping", "m.yaml", "f.csv"}, {"--gazetteer", "g.csv", "--source", "x"}} {
		if _, _, err := runSub(runImport, getenv, args...); !errors.Is(err, errUsage) {
			t.Errorf("import %v: %v, want a usage error", args, err)
		}
	}
}
