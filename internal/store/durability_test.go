package store_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/store"
)

// TestAcknowledgedSubmissionsSurviveKill9 runs a child process that submits
// cases from many goroutines and prints each reference once SubmitCase has
// returned; the parent kills it with SIGKILL mid-stream and checks that every
// printed (acknowledged) case is in the database.
func TestAcknowledgedSubmissionsSurviveKill9(t *testing.T) {
	if dir := os.Getenv("GUILDHALL_KILL9_CHILD"); dir != "" {
		killChild(dir)
		return
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run", "^TestAcknowledgedSubmissionsSurviveKill9$")
	cmd.Env = append(os.Environ(), "GUILDHALL_KILL9_CHILD="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []string
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if ref, ok := strings.CutPrefix(sc.Text(), "ACK "); ok {
			acked = append(acked, ref)
			if len(acked) == 500 {
				_ = cmd.Process.Signal(syscall.SIGKILL)
				break
			}
		}
	}
	_ = cmd.Wait()
	if len(acked) < 500 {
		t.Fatalf("child acknowledged only %d submissions before exiting", len(acked))
	}
	ctx := context.Background()
	s, err := store.Open(ctx, store.Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, ref := range acked {
		if _, err := s.CaseByRef(ctx, ref); err != nil {
			t.Fatalf("acknowledged case %s lost after kill -9: %v", ref, err)
		}
	}
}

// killChild submits until killed, printing "ACK ref" after each commit.
func killChild(dir string) {
	ctx := context.Background()
	s, err := store.Open(ctx, store.Config{Dir: dir})
	if err != nil || s.Migrate(ctx) != nil {
		fmt.Println("FAIL", err)
		return
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				ref := cases.NewRef()
				if _, _, err := s.SubmitCase(ctx, record(ref, "")); err != nil {
					continue
				}
				mu.Lock()
				fmt.Println("ACK " + ref)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
}
