package blob

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

func TestLocalRoundTrip(t *testing.T) {
	ctx := context.Background()
	l := &Local{Dir: t.TempDir()}
	key, err := l.PutBytes(ctx, []byte("a photo of a pothole"))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := l.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(rc)
	rc.Close()
	if string(b) != "a photo of a pothole" {
		t.Fatalf("read back %q", b)
	}
	var keys []string
	if err := l.Walk(ctx, func(k string) error { keys = append(keys, k); return nil }); err != nil || len(keys) != 1 || keys[0] != key {
		t.Fatalf("Walk = %v, %v", keys, err)
	}
	if err := l.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Open(ctx, key); !errors.Is(err, fault.NotFound) {
		t.Fatalf("Open after Delete = %v, want NotFound", err)
	}
}

func TestLocalRefusesBadKeysAndWrongBytes(t *testing.T) {
	ctx := context.Background()
	l := &Local{Dir: t.TempDir()}
	for _, key := range []string{"../../etc/passwd", "", strings.Repeat("A", 64), strings.Repeat("a", 63) + "/", "..%2f" + strings.Repeat("a", 59)} {
		if err := l.Put(ctx, key, strings.NewReader("x")); !errors.Is(err, fault.Invalid) {
			t.Errorf("Put(%q) = %v, want Invalid", key, err)
		}
		if _, err := l.Open(ctx, key); !errors.Is(err, fault.NotFound) {
			t.Errorf("Open(%q) = %v, want NotFound", key, err)
		}
	}
	if err := l.Put(ctx, Key([]byte("one thing")), strings.NewReader("another thing")); !errors.Is(err, fault.Invalid) {
		t.Errorf("Put with bytes that do not match the key = %v, want Invalid", err)
	}
	n := 0
	_ = l.Walk(ctx, func(string) error { n++; return nil })
	if n != 0 {
		t.Errorf("%d blobs kept after refused puts", n)
	}
}
