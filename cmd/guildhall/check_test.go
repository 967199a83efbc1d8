package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// wantMarkers counts the "# want:" markers in the broken definitions: each
// marks one fault the check must report on its own line.
func wantMarkers(t *testing.T, dir string) map[string]int {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	out := map[string]int{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for n, line := range strings.Split(string(src), "\n") {
			if c := strings.Count(line, "# want:"); c > 0 {
				out[f+":"+strconv.Itoa(n+1)] += c
			}
		}
	}
	return out
}

var problemLine = regexp.MustCompile(`^(\S+\.yaml):(\d+):(\d+): (.+) \(hint: .+\)$`)

// TestServicesCheckReportsEveryFault: every fault marked in the broken
// definitions is reported on its line, and nothing else: the language's own
// checks, and (testdata/open311-unadvertised) a service whose Open311
// exposure would refuse reports for a field it does not advertise.
func TestServicesCheckReportsEveryFault(t *testing.T) {
	for _, dir := range []string{
		filepath.Join("..", "..", "internal", "service", "testdata", "broken"),
		filepath.Join("testdata", "open311-unadvertised"),
	} {
		t.Run(filepath.Base(dir), func(t *testing.T) { checkReportsMarkedFaults(t, dir) })
	}
}

func checkReportsMarkedFaults(t *testing.T, dir string) {
	var stdout, stderr bytes.Buffer
	err := runServicesCheck(context.Background(), []string{dir}, &stdout, &stderr)
	var code exitError
	if !errors.As(err, &code) || code != 1 {
		t.Fatalf("err = %v, want exitError(1)", err)
	}
	want := wantMarkers(t, dir)
	got := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		m := problemLine.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("not a file:line:col: message (hint: …) line: %q", line)
			continue
		}
		got[m[1]+":"+m[2]]++
	}
	for at, n := range want {
		if got[at] != n {
			t.Errorf("%s: %d problems reported, %d faults marked", at, got[at], n)
		}
	}
	for at, n := range got {
		if want[at] == 0 {
			t.Errorf("%s: %d unexpected problems", at, n)
		}
	}
	if !strings.Contains(stderr.String(), "problems") && !strings.Contains(stderr.String(), "problem") {
		t.Errorf("no summary on stderr: %q", stderr.String())
	}
}

func TestServicesCheckBundled(t *testing.T) {
	for _, args := range [][]string{nil, {filepath.Join("..", "..", "services")}} {
		var stdout, stderr bytes.Buffer
		if err := runServicesCheck(context.Background(), args, &stdout, &stderr); err != nil {
			t.Fatalf("check %v: %v\n%s%s", args, err, stdout.String(), stderr.String())
		}
		if got := stdout.String(); !regexp.MustCompile(`^\d+ services, 0 problems\n$`).MatchString(got) {
			t.Fatalf("check %v printed %q", args, got)
		}
	}
}

func TestServicesCheckUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int // -1: nil error
	}{
		{[]string{"--help"}, -1},
		{[]string{"a", "b"}, 2},
		{[]string{"--nope"}, 2},
		{[]string{"/does/not/exist"}, 1},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		err := runServicesCheck(context.Background(), tt.args, &stdout, &stderr)
		var code exitError
		switch {
		case tt.code < 0 && err != nil:
			t.Errorf("%v: err = %v", tt.args, err)
		case tt.code >= 0 && (!errors.As(err, &code) || int(code) != tt.code):
			t.Errorf("%v: err = %v, want exit %d", tt.args, err, tt.code)
		}
		if tt.code < 0 && !strings.HasPrefix(stdout.String(), "Usage: guildhall services check") {
			t.Errorf("%v: help not on stdout: %q", tt.args, stdout.String())
		}
	}
}
