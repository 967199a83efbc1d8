package multinode

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/test/internal/server"
)

// nginxBin finds Debian's nginx, or skips (fails when
// GUILDHALL_TEST_NGINX=required, as in CI).
func nginxBin(t *testing.T) string {
	for _, p := range []string{"nginx", "/usr/sbin/nginx"} {
		if bin, err := exec.LookPath(p); err == nil {
			return bin
		}
	}
	if os.Getenv("GUILDHALL_TEST_NGINX") == "required" {
		t.Fatal("nginx is not installed and GUILDHALL_TEST_NGINX=required")
	}
	t.Skip("nginx is not installed (apt-get install nginx-light); set GUILDHALL_TEST_NGINX=required to make this a failure")
	return ""
}

// startNginx runs nginx in front of the nodes with the shipped
// packaging/nginx/guildhall-proxy.conf and returns its URL and access log.
func startNginx(t *testing.T, nodes ...*server.Server) (string, string) {
	bin := nginxBin(t)
	dir := t.TempDir()
	addr := server.FreeAddr(t)
	proxyConf, err := filepath.Abs("../../packaging/nginx/guildhall-proxy.conf")
	if err != nil {
		t.Fatal(err)
	}
	var upstream strings.Builder
	for _, n := range nodes {
		fmt.Fprintf(&upstream, "server %s max_fails=1 fail_timeout=2s; ", n.Addr)
	}
	conf := fmt.Sprintf(`worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
daemon off;
events { worker_connections 512; }
http {
	log_format upstream '$upstream_addr $status';
	access_log %[1]s/access.log upstream;
	client_body_temp_path %[1]s/body; proxy_temp_path %[1]s/proxy;
	fastcgi_temp_path %[1]s/fastcgi; uwsgi_temp_path %[1]s/uwsgi; scgi_temp_path %[1]s/scgi;
	upstream guildhall { %[2]s keepalive 16; }
	server {
		listen %[3]s;
		include %[4]s;
	}
}
`, dir, upstream.String(), addr, proxyConf)
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", dir, "-c", confPath, "-e", filepath.Join(dir, "error.log"))
	out, err := os.Create(filepath.Join(dir, "output"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	// A file, not a pipe: nginx's worker inherits it, and a pipe a worker
	// holds open would keep Wait waiting.
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// SIGTERM is nginx's fast shutdown: the master stops its workers first.
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() })
	for deadline := time.Now().Add(10 * time.Second); ; {
		if err := server.WaitHealthyOnce("http://" + addr); err == nil {
			break
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx did not start:\n%s", log)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return "http://" + addr, filepath.Join(dir, "access.log")
}

// behindNginx: journeys made entirely through nginx, which spreads their
// requests over both nodes, all end in a case.
func (p *platform) behindNginx(t *testing.T) {
	front, accessLog := startNginx(t, p.nodes[0], p.nodes[1])
	for i := range 4 {
		ref := p.journey(t, func(int) string { return front })
		t.Logf("journey %d through nginx made %s", i, ref)
	}
	log, err := os.ReadFile(accessLog)
	if err != nil {
		t.Fatal(err)
	}
	served := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(string(log)), "\n") {
		served[strings.Fields(line)[0]]++
	}
	if served[p.nodes[0].Addr] == 0 || served[p.nodes[1].Addr] == 0 {
		t.Errorf("nginx sent requests to %v: want both nodes", served)
	}
}
