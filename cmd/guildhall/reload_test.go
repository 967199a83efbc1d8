package main

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestSIGHUPReloadsWithoutDroppingRequests adds a service to a --services
// folder, sends SIGHUP while clients are requesting pages, and checks the new
// service appears, no request failed, and a broken folder leaves the running
// services in place.
func TestSIGHUPReloadsWithoutDroppingRequests(t *testing.T) {
	dir := t.TempDir()
	copyService(t, "report-a-pothole.yaml", dir)
	srv := startServe(t, map[string]string{"GUILDHALL_SERVICES": dir})

	var failures, requests atomic.Int64
	stop := repeatUntilStopped(4, func() bool {
		code, _ := getQuiet(srv.URL + "/")
		requests.Add(1)
		if code != 200 {
			failures.Add(1)
		}
		return true
	})
	copyService(t, "report-fly-tipping.yaml", dir)
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { _, body := get(t, srv.URL+"/"); return strings.Contains(body, "fly-tipping") })

	if err := os.WriteFile(filepath.Join(dir, "broken.yaml"), []byte("id: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // give a wrong reload the chance to happen
	stop()
	if _, body := get(t, srv.URL+"/"); !strings.Contains(body, "fly-tipping") {
		t.Error("a folder with a broken definition replaced the running services")
	}
	if failures.Load() > 0 {
		t.Errorf("%d of %d requests failed during reloads", failures.Load(), requests.Load())
	}
}

func copyService(t *testing.T, name, dir string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "services", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
		t.Fatal(err)
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// repeatUntilStopped runs body again and again in n goroutines until the
// stop it returns is called, which waits for them; a body that returns
// false ends its goroutine early.
func repeatUntilStopped(n int, body func() bool) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				if !body() {
					return
				}
			}
		}()
	}
	return func() {
		close(done)
		wg.Wait()
	}
}
