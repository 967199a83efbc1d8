package multinode

import (
	"bytes"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/services"
)

// copyServices writes the bundled definitions to a folder of the node's own.
func copyServices(t *testing.T) string {
	dir := t.TempDir()
	names, err := fs.Glob(services.FS, "*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("bundled services: %v", err)
	}
	for _, name := range names {
		b, err := fs.ReadFile(services.FS, name)
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, name), b, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// publishAcross renames a service in node 0's folder only and sends node 0
// SIGHUP: node 1, whose folder still has the old name, must serve the new
// one once it has polled (the wait is a deadline, not a measurement).
func (p *platform) publishAcross(t *testing.T) {
	const file, old, renamed = "missed-bin-collection.yaml", "name: Report a missed bin collection", "name: Tell us your bin was not collected"
	path := filepath.Join(p.services[0], file)
	src, err := os.ReadFile(path)
	if err != nil || !bytes.Contains(src, []byte(old)) {
		t.Fatalf("%s has no line %q (%v)", file, old, err)
	}
	if err := os.WriteFile(path, bytes.Replace(src, []byte(old), []byte(renamed), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := p.nodes[0].Hangup(); err != nil {
		t.Fatal(err)
	}
	want := strings.TrimPrefix(renamed, "name: ")
	deadline := time.Now().Add(30 * time.Second)
	for {
		page := p.page(t, p.nodes[1].URL+"/services/missed-bin-collection")
		if strings.Contains(page, want) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("node 1 still does not serve %q 30 s after node 0 published it; its log:\n%s", want, tail(p.nodes[1].Log(), 2000))
		}
		time.Sleep(100 * time.Millisecond)
	}
	if page := p.page(t, p.nodes[0].URL+"/services/missed-bin-collection"); !strings.Contains(page, want) {
		t.Fatalf("node 0 does not serve the name it published")
	}
	if !strings.Contains(p.nodes[1].Log(), "service definitions loaded from another node") {
		t.Fatal("node 1 did not log loading the definitions")
	}
}

func (p *platform) page(t *testing.T, u string) string {
	resp, body := do(t, http.DefaultClient, "GET", u, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", u, resp.StatusCode)
	}
	return string(body)
}

var taskRanRE = regexp.MustCompile(`msg="periodic task ran" task=(\S+) period=(\S+)`)

// periodicOnce reads which node ran each period of each periodic task from
// both nodes' logs (both ran the audit checkpoint task every second for
// the whole test): no period may have run on both, or twice on one.
func (p *platform) periodicOnce(t *testing.T) {
	ran := map[string]int{} // task and period → runs, both nodes together
	perNode := [2]int{}
	for i, n := range p.nodes {
		for _, m := range taskRanRE.FindAllStringSubmatch(n.Log(), -1) {
			ran[m[1]+" "+m[2]]++
			if m[1] == "audit-checkpoint" {
				perNode[i]++
			}
		}
	}
	for period, n := range ran {
		if n != 1 {
			t.Errorf("%s ran %d times across the nodes, want once", period, n)
		}
	}
	if perNode[0]+perNode[1] < 5 {
		t.Fatalf("the checkpoint task ran %d and %d times: too few periods to show anything", perNode[0], perNode[1])
	}
	t.Logf("audit-checkpoint periods run by node 0: %d, by node 1: %d; no period ran twice (%d task periods in all)", perNode[0], perNode[1], len(ran))
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
