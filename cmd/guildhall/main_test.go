package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// subcommand is the shape of run and of each sub-command's own run function.
type subcommand func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error

// runSub runs a sub-command and returns what it wrote to standard output
// and to standard error, and its error.
func runSub(cmd subcommand, getenv func(string) string, args ...string) (stdout, stderr string, err error) {
	var out, errs bytes.Buffer
	err = cmd(context.Background(), args, getenv, &out, &errs)
	return out.String(), errs.String(), err
}

// dataIn is an environment that names only the data folder, as an
// operator's GUILDHALL_DATA does.
func dataIn(dir string) func(string) string {
	return func(k string) string {
		if k == "GUILDHALL_DATA" {
			return dir
		}
		return ""
	}
}

// running is a guildhall serve started in-process by a test.
type running struct {
	URL    string
	Stdout []string // lines printed before "running at"
	cancel context.CancelFunc
	done   chan error
}

// startServe runs `guildhall serve` on a free loopback port with a fresh data
// folder and the given extra arguments and environment, as an operator would.
func startServe(t *testing.T, env map[string]string, args ...string) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	getenv := func(k string) string { return env[k] }
	all := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--log-format", "json"}, args...)
	r := &running{cancel: cancel, done: make(chan error, 1)}
	go func() {
		err := run(ctx, all, getenv, pw, io.Discard)
		pw.CloseWithError(errors.New("serve returned"))
		r.done <- err
	}()
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		line := sc.Text()
		r.Stdout = append(r.Stdout, line)
		if u, ok := strings.CutPrefix(line, "Guildhall is running at "); ok {
			r.URL = u
			break
		}
	}
	if r.URL == "" {
		cancel()
		t.Fatalf("serve did not start: %v (stdout %q)", <-r.done, r.Stdout)
	}
	go io.Copy(io.Discard, pr)
	t.Cleanup(func() { r.stop(t) })
	return r
}

func (r *running) stop(t *testing.T) {
	r.cancel()
	select {
	case err := <-r.done:
		if err != nil {
			t.Errorf("serve returned %v after SIGTERM-equivalent; want a clean exit", err)
		}
		r.done <- nil
	case <-time.After(30 * time.Second):
		t.Error("serve did not stop within 30s of cancellation")
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServeWithNoConfiguration(t *testing.T) {
	srv := startServe(t, nil)
	out := strings.Join(srv.Stdout, "\n")
	if !strings.Contains(out, "One-time secret: ") {
		t.Errorf("first start did not print the administrator's one-time secret:\n%s", out)
	}
	for _, tc := range []struct {
		path string
		code int
		want string
	}{
		{"/healthz", 200, "ok"},
		{"/readyz", 200, "ready"},
		{"/metrics", 404, "Page not found"}, // no --metrics-token or --metrics-addr: not public
		{"/", 200, "Report a pothole"},
		{"/no-such-page", 404, "Page not found"},
	} {
		code, body := get(t, srv.URL+tc.path)
		if code != tc.code || !strings.Contains(body, tc.want) {
			t.Errorf("GET %s = %d, want %d containing %q", tc.path, code, tc.code, tc.want)
		}
	}
}

func TestSecondStartPrintsNoSecret(t *testing.T) {
	dir := t.TempDir()
	first := startServe(t, nil, "--data", dir)
	first.stop(t)
	second := startServe(t, nil, "--data", dir)
	if out := strings.Join(second.Stdout, "\n"); strings.Contains(out, "One-time secret") {
		t.Errorf("the one-time secret was printed again on the second start:\n%s", out)
	}
}

func TestServeLoadsAServicesFolder(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("..", "..", "services", "report-a-pothole.yaml"))
	if err != nil {
		t.Skip("bundled pothole definition not found:", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "pothole.yaml"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	srv := startServe(t, map[string]string{"GUILDHALL_SERVICES": dir})
	_, body := get(t, srv.URL+"/")
	if !strings.Contains(body, "Report a pothole") || strings.Contains(body, "Freedom of Information") {
		t.Errorf("--services folder not used: home page lists the bundled services instead")
	}
}

func TestVersionAndHelp(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), []string{"version"}, os.Getenv, &out, io.Discard); err != nil || !strings.HasPrefix(out.String(), "guildhall ") {
		t.Fatalf("version: %v %q", err, out.String())
	}
	// Every command, and every command with its sub-command, answers --help
	// with its usage and success: a script (or a person) asking for help
	// did nothing wrong.
	asked := [][]string{{"fileplan", "check"}, {"documents", "copy"}, {"services", "check"}, {"token", "issue"}}
	for cmd := range commands() {
		asked = append(asked, []string{cmd})
	}
	for _, cmd := range asked {
		var help strings.Builder
		err := run(context.Background(), append(slices.Clone(cmd), "--help"), os.Getenv, &help, &help)
		var code exitError
		if err != nil && !(errors.As(err, &code) && code == 0) {
			t.Errorf("%s --help: %v", strings.Join(cmd, " "), err)
		}
		if !strings.Contains(help.String(), "Usage") && !strings.Contains(help.String(), "usage") {
			t.Errorf("%s --help printed no usage: %q", strings.Join(cmd, " "), help.String())
		}
	}
}

func getQuiet(url string) (int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

// TestServeOpen311Jurisdiction: the jurisdiction and discovery contact are
// the council's settings, and a client naming another jurisdiction is
// refused before anything else is looked at.
func TestServeOpen311Jurisdiction(t *testing.T) {
	srv := startServe(t, map[string]string{
		"GUILDHALL_OPEN311_JURISDICTION": "cambridge.gov.uk",
		"GUILDHALL_OPEN311_CONTACT":      "open311@cambridge.gov.uk",
	})
	st, body := get(t, srv.URL+"/open311/v2/discovery.json")
	if st != 200 || !strings.Contains(body, `"contact":"open311@cambridge.gov.uk"`) {
		t.Errorf("discovery: %d %s", st, body)
	}
	res, err := http.PostForm(srv.URL+"/open311/v2/requests.json", url.Values{"jurisdiction_id": {"elsewhere.gov.uk"}, "api_key": {"x"}, "service_code": {"POTHOLE"}, "lat": {"52.2"}, "long": {"0.12"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode == 200 || !strings.Contains(string(b), "jurisdiction") {
		t.Errorf("another jurisdiction: %d %s, want refused naming the jurisdiction", res.StatusCode, b)
	}
}
