package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTransparencyPublish: an invalid file is reported line by line and
// publishes nothing; the corrected file is published and served.
func TestTransparencyPublish(t *testing.T) {
	dir := t.TempDir()
	getenv := dataIn(filepath.Join(dir, "data"))
	file := filepath.Join(dir, "fraud-2025-26.csv")
	write := func(body string) {
		if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	head := "Financial Year,Social Housing Fraud Powers Used,Fraud Staff,Fraud Staff FTE,Accredited Specialists,Accredited Specialists FTE,Spending,Cases Investigated\n"
	write(head + "2025/26,3,6,5.4,4,3.6,\"212,000\",148\n")
	out, errs, err := runSub(runTransparency, getenv, "publish", "--dataset", "fraud", file)
	var exit exitError
	if !errors.As(err, &exit) || exit != 1 {
		t.Fatalf("exit: %v (stderr %s)", err, errs)
	}
	want := `fraud-2025-26.csv:2: column A (Financial Year): Financial Year is not in the right format ("2025/26"). For example: 2025-26.
fraud-2025-26.csv:2: column G (Spending): Spending must be a number like 1250.50, without £ or commas (not "212,000").
2 problems in 1 row; nothing was published.
`
	if out != want {
		t.Errorf("report:\n%s\nwant\n%s", out, want)
	}

	write(head + "2025-26,3,6,5.4,4,3.6,212000,148\n")
	if out, errs, err = runSub(runTransparency, getenv, "publish", "--dataset", "fraud", file); err != nil {
		t.Fatalf("%v (stderr %s)", err, errs)
	}
	if got := out; got != "Published fraud: 1 row (189 bytes), publication 1.\n" {
		t.Errorf("output %q", got)
	}
	srv := startServe(t, nil, "--data", filepath.Join(dir, "data")) // the later --data wins
	st, body := get(t, srv.URL+"/open-data/fraud.csv")
	if st != 200 || body != strings.ReplaceAll(head+"2025-26,3,6,5.4,4,3.6,212000,148\n", "\n", "\r\n") {
		t.Errorf("GET fraud.csv: %d\n%q", st, body)
	}
}
