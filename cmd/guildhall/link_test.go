package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const linkTestConfig = `id: id
comparisons:
  - {column: first, kind: jaro_winkler, nicknames: true, term_frequency: true}
  - {column: last, kind: jaro_winkler, term_frequency: true}
  - {column: dob, kind: date}
  - {column: postcode, kind: postcode}
blocking:
  - [dob]
  - [postcode]
u_samples: 20000
`

// writeLinkFixture writes a small register where every person numbered
// divisibly by three has a duplicate with a nickname or typo.
func writeLinkFixture(t *testing.T, dir string) (string, string) {
	t.Helper()
	first := []string{"william", "margaret", "john", "oyelaran", "susan", "amara"}
	var b strings.Builder
	b.WriteString("id,entity,first,last,dob,postcode\n")
	for i := range 300 {
		f := first[i%len(first)]
		last := fmt.Sprintf("fam%03dly", i)
		dob := fmt.Sprintf("19%02d-%02d-%02d", 30+i%70, 1+i%12, 1+i%28)
		pc := fmt.Sprintf("LS%d %d%c%c", 1+i%20, i%10, 'A'+i%26, 'A'+(i/26)%26)
		fmt.Fprintf(&b, "p%d,%d,%s,%s,%s,%s\n", i, i, f, last, dob, pc)
		if i%3 == 0 {
			if f == "william" {
				f = "bill"
			}
			fmt.Fprintf(&b, "d%d,%d,%s,%s,%s,%s\n", i, i, f, last[:len(last)-2]+"yl", dob, pc)
		}
	}
	data := filepath.Join(dir, "people.csv")
	cfg := filepath.Join(dir, "link.yaml")
	if err := os.WriteFile(data, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, []byte(linkTestConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	return data, cfg
}

func TestRunLinkDedupe(t *testing.T) {
	dir := t.TempDir()
	data, cfg := writeLinkFixture(t, dir)
	pairs, clusters := filepath.Join(dir, "pairs.csv"), filepath.Join(dir, "clusters.csv")
	var stdout, stderr bytes.Buffer
	err := runLink(context.Background(), []string{"--config", cfg, "--left", data, "--out", pairs,
		"--clusters", clusters, "--truth", "entity", "--explain", "p0", "d0"}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("runLink: %v\n%s", err, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"Blocking rules", "Estimated parameters", "nickname", "pairs/s", "Wall time",
		"pairwise:  precision 1.0000  recall 1.0000", "Explain p0 vs d0", ": a match"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if stderr.Len() != 0 {
		t.Errorf("progress written to a non-terminal stderr: %q", stderr.String())
	}
	got, _ := os.ReadFile(pairs)
	if !strings.HasPrefix(string(got), "id_l,id_r,match_weight,match_probability\n") || !strings.Contains(string(got), "p0,d0,") {
		t.Errorf("pairs.csv:\n%.300s", got)
	}
	cl, _ := os.ReadFile(clusters)
	if n := strings.Count(string(cl), "\n"); n != 401 {
		t.Errorf("clusters.csv has %d lines, want 401", n)
	}
}

func TestRunLinkTwoTables(t *testing.T) {
	dir := t.TempDir()
	data, cfg := writeLinkFixture(t, dir)
	all, _ := os.ReadFile(data)
	lines := strings.Split(strings.TrimSpace(string(all)), "\n")
	left, right := []string{lines[0]}, []string{lines[0]}
	for _, l := range lines[1:] {
		if strings.HasPrefix(l, "d") {
			right = append(right, l)
		} else {
			left = append(left, l)
		}
	}
	lp, rp := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	os.WriteFile(lp, []byte(strings.Join(left, "\n")+"\n"), 0o600)
	os.WriteFile(rp, []byte(strings.Join(right, "\n")+"\n"), 0o600)
	var stdout, stderr bytes.Buffer
	err := runLink(context.Background(), []string{"--config", cfg, "--left", lp, "--right", rp, "--truth", "entity"}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("runLink: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "Ground truth:       100 true pairs") || !strings.Contains(stdout.String(), "F1 1.0000") {
		t.Errorf("output:\n%s", stdout.String())
	}
}

func TestRunLinkErrors(t *testing.T) {
	dir := t.TempDir()
	data, cfg := writeLinkFixture(t, dir)
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("id: id\ncomparisons: [{column: nope, kind: exact}]\nblocking: [[dob]]\n"), 0o600)
	tests := []struct {
		name  string
		args  []string
		usage bool
	}{
		{"no config", []string{"--left", data}, true},
		{"explain needs two ids", []string{"--config", cfg, "--left", data, "--explain", "p0"}, true},
		{"missing file", []string{"--config", cfg, "--left", filepath.Join(dir, "none.csv")}, false},
		{"bad config column", []string{"--config", bad, "--left", data}, false},
		{"unknown explain id", []string{"--config", cfg, "--left", data, "--explain", "p0", "zz"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := runLink(context.Background(), tt.args, &stdout, &stderr)
			if err == nil || errors.Is(err, errUsage) != tt.usage {
				t.Errorf("err = %v, want usage=%v", err, tt.usage)
			}
		})
	}
}
