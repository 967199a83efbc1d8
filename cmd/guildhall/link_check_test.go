package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLinkHelp: --help prints the usage on stdout and succeeds.
func TestLinkHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"link", "--help"}, func(string) string { return "" }, &stdout, &stderr)
	var code exitError
	if !errors.As(err, &code) || code != 0 {
		t.Fatalf("link --help: err = %v, want exit status 0", err)
	}
	if !strings.HasPrefix(stdout.String(), "usage: guildhall link --config") || !strings.Contains(stdout.String(), "-workers") {
		t.Errorf("stdout = %q", stdout.String())
	}
}

// TestLinkRefusesBadInput: input that would make a run wrong is refused
// before it starts, naming the file and line.
func TestLinkRefusesBadInput(t *testing.T) {
	const header = "id,entity,first,last,dob,postcode\n"
	const good = header + "p1,1,ann,smith,1950-01-01,LS1 1AA\np2,2,bob,jones,1960-02-02,LS2 2BB\n"
	tests := []struct {
		name, left, right string
		extra             []string
		want              string
	}{
		{"ragged row", header + "p1,1,ann,smith,1950-01-01,LS1 1AA\np2,2,bob,jones,1960-02-02\n", "", nil,
			"left.csv:3: 5 fields, but the header has 6"},
		{"too many fields", header + "p1,1,ann,smith,1950-01-01,LS1 1AA,x\n", "", nil, "left.csv:2: 7 fields, but the header has 6"},
		{"column the config compares is missing", "id,entity,first,last,postcode\np1,1,a,b,LS1 1AA\n", "", nil,
			`link.yaml:5: comparison column "dob" is not in left.csv:1 (columns: id, entity, first, last, postcode)`},
		{"right file lacks a column", good, "id,entity,first,last,dob\nq1,1,ann,smith,1950-01-01\n", nil,
			`link.yaml:6: comparison column "postcode" is not in right.csv:1`},
		{"unnamed column", "id,entity,first,last,dob,postcode,\np1,1,ann,smith,1950-01-01,LS1 1AA,\n", "", nil,
			"left.csv:1: column 7 has no name"},
		{"repeated column", "id,entity,first,last,dob,dob,postcode\n", "", nil, `left.csv:1: column "dob" appears twice`},
		{"duplicate id", good + "p1,3,cy,evans,1970-03-03,LS3 3CC\n", "", nil, `left.csv:4: id "p1" repeats line 2`},
		{"no id", good + ",3,cy,evans,1970-03-03,LS3 3CC\n", "", nil, "left.csv:4: no id"},
		{"not UTF-8", good + "p3,3,cy,ev\xe9ns,1970-03-03,LS3 3CC\n", "", nil, "left.csv:4: column last is not valid UTF-8"},
		{"truth column missing", good, "", []string{"--truth", "person"}, `left.csv:1: --truth column "person" is not in the header`},
		{"truth pattern matches nothing", good, "", []string{"--truth", "entity", "--truth-pattern", `^rec-(\d+)`},
			`left.csv:2: --truth-pattern "^rec-(\\d+)" does not match entity "1"`},
		{"truth pattern misses one", header + "p1,rec-1,ann,smith,1950-01-01,LS1 1AA\np2,2,bob,jones,1960-02-02,LS2 2BB\n", "",
			[]string{"--truth", "entity", "--truth-pattern", `^rec-(\d+)`}, `left.csv:3: --truth-pattern`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			_, cfg := writeLinkFixture(t, dir)
			os.Rename(cfg, filepath.Join(dir, "link.yaml"))
			t.Chdir(dir)
			os.WriteFile("left.csv", []byte(tt.left), 0o600)
			args := []string{"--config", "link.yaml", "--left", "left.csv"}
			if tt.right != "" {
				os.WriteFile("right.csv", []byte(tt.right), 0o600)
				args = append(args, "--right", "right.csv")
			}
			var stdout, stderr bytes.Buffer
			err := runLink(context.Background(), append(args, tt.extra...), &stdout, &stderr)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v\nwant it to contain %q", err, tt.want)
			}
			if stdout.Len() != 0 {
				t.Errorf("the run started before the input was refused:\n%s", stdout.String())
			}
		})
	}
}

// TestLinkWorkersSameOutput: one worker and eight write the same pairs,
// clusters and parameters.
func TestLinkWorkersSameOutput(t *testing.T) {
	dir := t.TempDir()
	data, cfg := writeLinkFixture(t, dir)
	var outs [][3]string
	for _, w := range []string{"1", "8"} {
		pairs, clusters := filepath.Join(dir, "pairs"+w+".csv"), filepath.Join(dir, "clusters"+w+".csv")
		var stdout, stderr bytes.Buffer
		err := runLink(context.Background(), []string{"--config", cfg, "--left", data, "--workers", w, "--out", pairs, "--clusters", clusters}, &stdout, &stderr)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := os.ReadFile(pairs)
		c, _ := os.ReadFile(clusters)
		params, _, _ := strings.Cut(stdout.String(), "Records:")
		outs = append(outs, [3]string{string(p), string(c), params})
	}
	for i, what := range []string{"pairs", "clusters", "parameters"} {
		if outs[0][i] != outs[1][i] {
			t.Errorf("%s differ between 1 and 8 workers:\n%s\n---\n%s", what, outs[0][i], outs[1][i])
		}
	}
	if strings.Count(outs[0][0], "\n") < 50 {
		t.Errorf("too few pairs to compare:\n%s", outs[0][0])
	}
}

// TestProgressBarNeverOverflows: a count past the total draws a full bar.
func TestProgressBarNeverOverflows(t *testing.T) {
	var b bytes.Buffer
	bar := progressBar(&b)
	bar(0, 10)
	bar(25, 10)
	if !strings.Contains(b.String(), "[##############################] 100%") {
		t.Errorf("bar = %q", b.String())
	}
}
