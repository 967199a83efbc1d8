package security

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/linkage"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/test/internal/server"
)

// A penetration test finding: the people-linkage job held every candidate pair of
// every record in memory (8,000 people peaked at 2.4 GB; 30,000 were killed
// at 24 GB and crash-looped on restart). TestLinkageBoundedAtScale imports
// a synthetic register into a real `guildhall serve` (GOMEMLIMIT set, as an
// operator would) and lets its own background job link it, killing the
// process with SIGKILL a third of the way and restarting it: the restart
// resumes (it does not start again), every record is linked, the links are
// right, and neither process's peak resident memory (VmHWM) passes the
// ceiling. GUILDHALL_TEST_LINKAGE_PEOPLE sets the number of people (CI:
// 100,000; default 10,000 to keep `go test ./...` quick on two cores);
// GUILDHALL_TEST_LINKAGE_POSTGRES=1 runs it on PostgreSQL as well.
func TestLinkageBoundedAtScale(t *testing.T) {
	n := envInt(t, "GUILDHALL_TEST_LINKAGE_PEOPLE", 10_000)
	ceiling := int64(envInt(t, "GUILDHALL_TEST_LINKAGE_RSS_MB", 320)) << 20
	dbs := []string{"sqlite"}
	if os.Getenv("GUILDHALL_TEST_LINKAGE_POSTGRES") != "" { // the job's behaviour on PostgreSQL is tested in internal/people
		dbs = append(dbs, "postgres")
	}
	dir := t.TempDir()
	bin := ownBinary(t, dir)
	csvPath, mapping := filepath.Join(dir, "register.csv"), filepath.Join(dir, "register.yaml")
	rows, truth, err := syntheticRegister(csvPath, mapping, n)
	if err != nil {
		t.Fatal(err)
	}
	for _, db := range dbs {
		t.Run(db, func(t *testing.T) {
			data, url := t.TempDir(), ""
			if db == "postgres" {
				url = storetest.PostgresURL(t)
			}
			t.Setenv("GOMEMLIMIT", "256MiB")
			srv := server.New(t, server.StoreFlags(data, url), "--people-link-every", "1s", "--metrics-token", "metrics")
			srv.Bin = bin
			srv.Start(t)
			args := append([]string{"import", "--source", "register", "--mapping", mapping}, srv.Store...)
			if out, err := exec.Command(srv.Bin, append(args, csvPath)...).CombinedOutput(); err != nil {
				t.Fatalf("import: %v\n%s", err, out)
			}
			start := time.Now()
			peak := waitLinked(t, srv, rows/3, ceiling)
			cpu := cpuSeconds(t, srv.PID())
			srv.Kill() // mid-run, no chance to finish a batch
			srv.Start(t)
			if m := metrics(t, srv); m["guildhall_people_link_pending"] >= float64(rows) {
				t.Logf("after the restart %v records wait", m["guildhall_people_link_pending"])
			}
			peak2 := waitLinked(t, srv, 0, ceiling)
			cpu += cpuSeconds(t, srv.PID())
			t.Logf("%d people, %d records linked in %v (serve used %.1f CPU-s in all); peak RSS %d MiB before the kill, %d MiB after the restart (ceiling %d MiB)",
				n, rows, time.Since(start).Round(time.Second), cpu, peak>>20, peak2>>20, ceiling>>20)
			checkLinks(t, data, url, rows, truth)
		})
	}
}

// waitLinked polls /metrics until fewer than left records wait (0: none
// wait and the job is idle), sampling the process's peak RSS, which must
// stay under ceiling. It returns the peak.
func waitLinked(t *testing.T, srv *server.Server, left int, ceiling int64) int64 {
	t.Helper()
	deadline := time.Now().Add(20 * time.Minute)
	var peak int64
	for seen := false; ; time.Sleep(250 * time.Millisecond) {
		peak = max(peak, vmHWM(t, srv.PID()))
		if peak > ceiling {
			t.Fatalf("peak resident memory %d MiB passed the ceiling of %d MiB", peak>>20, ceiling>>20)
		}
		m := metrics(t, srv)
		pending, running := m["guildhall_people_link_pending"], m["guildhall_people_link_running"]
		seen = seen || pending > 0 || running > 0
		if seen && (left > 0 && pending > 0 && pending < float64(left) || left == 0 && pending == 0 && running == 0) {
			return peak
		}
		if time.Now().After(deadline) {
			t.Fatalf("not linked in time: %v\n%s", m, tail(srv.Log()))
		}
	}
}

// metrics reads the guildhall_people_link_* gauges.
func metrics(t *testing.T, srv *server.Server) map[string]float64 {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer metrics")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		name, v, ok := strings.Cut(sc.Text(), " ")
		if ok && strings.HasPrefix(name, "guildhall_people_link_") {
			out[name], _ = strconv.ParseFloat(v, 64)
		}
	}
	if resp.StatusCode != 200 || len(out) < 6 {
		t.Fatalf("/metrics: %s, linkage gauges %v", resp.Status, out)
	}
	return out
}

// vmHWM is the process's peak resident set size in bytes, from /proc.
func vmHWM(t *testing.T, pid int) int64 {
	t.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	defer f.Close()
	data, _ := io.ReadAll(f)
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc/pid/status")
	return 0
}

// cpuSeconds is the user and system CPU time the process has used.
func cpuSeconds(t *testing.T, pid int) float64 {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	return (utime + stime) / 100 // clock ticks
}

// checkLinks reads every record's person from the database and scores the
// linkage against the register's truth.
func checkLinks(t *testing.T, data, url string, rows int, truth map[string]int) {
	t.Helper()
	st, err := store.Open(context.Background(), store.Config{URL: url, Dir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	in, err := st.LinkInput(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	clusters, labels := make([]int32, 0, rows), make([]string, 0, rows)
	for _, r := range in.Records {
		if r.PersonID == 0 {
			t.Fatalf("record %s was never linked", r.Key)
		}
		clusters, labels = append(clusters, int32(r.PersonID)), append(labels, strconv.Itoa(truth[r.Key]))
	}
	sc := linkage.EvaluateClusters(clusters, labels, 0)
	t.Logf("%d records → %d persons: precision %.4f recall %.4f F1 %.4f", len(in.Records), len(in.Persons), sc.Precision, sc.Recall, sc.F1)
	if len(in.Records) != rows || sc.Precision < 0.95 || sc.Recall < 0.8 {
		t.Errorf("%d records (want %d), precision %.4f (want >= 0.95), recall %.4f (want >= 0.8)", len(in.Records), rows, sc.Precision, sc.Recall)
	}
}

// ownBinary builds this tree's guildhall into dir: the shared test binary
// may be replaced by another checkout's build between the kill and the
// restart.
func ownBinary(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "guildhall")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/guildhall-platform/guildhall/cmd/guildhall").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}

func tail(s string) string {
	if len(s) > 4000 {
		return s[len(s)-4000:]
	}
	return s
}
