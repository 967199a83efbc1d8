package blob_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/blob"
	"github.com/guildhall-platform/guildhall/internal/blob/blobtest"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// stores runs a test on both drivers, so that they are held to one contract.
func stores(t *testing.T, f func(t *testing.T, s blob.Store)) {
	t.Run("local", func(t *testing.T) { f(t, &blob.Local{Dir: t.TempDir()}) })
	t.Run("s3", func(t *testing.T) { f(t, blobtest.Start(t).Store("documents/")) })
}

func TestStoreContract(t *testing.T) {
	stores(t, func(t *testing.T, s blob.Store) {
		ctx := context.Background()
		key, err := s.PutBytes(ctx, []byte("a photo of a pothole"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.PutBytes(ctx, []byte("a photo of a pothole")); err != nil {
			t.Fatalf("storing the same bytes again: %v", err)
		}
		if got := read(t, s, key); got != "a photo of a pothole" {
			t.Fatalf("read back %q", got)
		}
		if err := s.Put(ctx, blob.Key([]byte("one thing")), strings.NewReader("another thing")); !errors.Is(err, fault.Invalid) {
			t.Errorf("Put of bytes that do not match the key = %v, want Invalid", err)
		}
		for _, bad := range []string{"../../etc/passwd", strings.Repeat("A", 64), ""} {
			if err := s.Put(ctx, bad, strings.NewReader("x")); !errors.Is(err, fault.Invalid) {
				t.Errorf("Put(%q) = %v, want Invalid", bad, err)
			}
			if _, err := s.Open(ctx, bad); !errors.Is(err, fault.NotFound) {
				t.Errorf("Open(%q) = %v, want NotFound", bad, err)
			}
		}
		if keys := walk(t, s); len(keys) != 1 || keys[0] != key {
			t.Fatalf("Walk = %v, want only %s", keys, key)
		}
		if err := s.Delete(ctx, key); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, key); err != nil {
			t.Fatalf("deleting twice: %v", err)
		}
		if _, err := s.Open(ctx, key); !errors.Is(err, fault.NotFound) {
			t.Fatalf("Open after Delete = %v, want NotFound", err)
		}
	})
}

// TestS3SendsEachDocumentOnce: a document stored again is not uploaded again.
func TestS3SendsEachDocumentOnce(t *testing.T) {
	srv := blobtest.Start(t)
	s := srv.Store("")
	for range 3 {
		if _, err := s.PutBytes(context.Background(), []byte("the same scan")); err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.Puts.Load(); n != 1 {
		t.Errorf("%d uploads of one document, want 1", n)
	}
}

// TestS3LargeDocument: a document over the in-memory limit is spooled to a
// file, checked, sent and read back whole.
func TestS3LargeDocument(t *testing.T) {
	s := blobtest.Start(t).Store("big/")
	b := make([]byte, 9<<20)
	rand.Read(b)
	key, err := s.PutBytes(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, s, key); got != string(b) {
		t.Fatalf("read back %d bytes, want the %d sent", len(got), len(b))
	}
	wrong := append(bytes.Clone(b), 'x')
	if err := s.Put(context.Background(), key, bytes.NewReader(wrong)); !errors.Is(err, fault.Invalid) {
		t.Errorf("large Put with the wrong bytes = %v, want Invalid", err)
	}
}

// TestS3WalkPages: Walk follows ListObjectsV2 continuation past a page of
// 1,000, and sees only its own prefix.
func TestS3WalkPages(t *testing.T) {
	srv := blobtest.Start(t)
	s, other := srv.Store("council-a/"), srv.Store("council-b/")
	want := map[string]bool{}
	for i := range 1005 {
		k, err := s.PutBytes(context.Background(), fmt.Appendf(nil, "document %d", i))
		if err != nil {
			t.Fatal(err)
		}
		want[k] = true
	}
	if _, err := other.PutBytes(context.Background(), []byte("not council a's")); err != nil {
		t.Fatal(err)
	}
	got := walk(t, s)
	if len(got) != len(want) {
		t.Fatalf("Walk saw %d keys, want %d", len(got), len(want))
	}
	for _, k := range got {
		if !want[k] {
			t.Fatalf("Walk saw %s, which was not stored under the prefix", k)
		}
	}
}

func TestS3PingFindsMistakes(t *testing.T) {
	srv := blobtest.Start(t)
	if err := srv.Store("").Ping(context.Background()); err != nil {
		t.Fatalf("Ping of a good bucket: %v", err)
	}
	bad := srv.Store("")
	bad.Bucket = "no-such-bucket"
	if err := bad.Ping(context.Background()); err == nil || !strings.Contains(err.Error(), "NoSuchBucket") {
		t.Errorf("Ping of a missing bucket = %v, want NoSuchBucket", err)
	}
	bad = srv.Store("")
	bad.AccessKey = "SOMEONEELSE"
	if err := bad.Ping(context.Background()); err == nil || !strings.Contains(err.Error(), "AccessDenied") {
		t.Errorf("Ping with a wrong key = %v, want AccessDenied", err)
	}
}

func TestParseS3URL(t *testing.T) {
	for _, tt := range []struct {
		url, endpoint, bucket, prefix, region string
		virtual                               bool
	}{
		{"s3://docs?region=eu-west-2", "https://s3.eu-west-2.amazonaws.com", "docs", "", "eu-west-2", true},
		{"s3://docs/guildhall/prod?endpoint=http://10.0.0.9:9000", "http://10.0.0.9:9000", "docs", "guildhall/prod/", "", false},
		{"s3://docs?endpoint=https://minio.internal&addressing=virtual&region=uk", "https://minio.internal", "docs", "", "uk", true},
	} {
		s, err := blob.ParseS3URL(tt.url)
		if err != nil {
			t.Errorf("%s: %v", tt.url, err)
			continue
		}
		if s.Endpoint != tt.endpoint || s.Bucket != tt.bucket || s.Prefix != tt.prefix || s.Region != tt.region || s.VirtualHost != tt.virtual {
			t.Errorf("%s: %+v", tt.url, *s)
		}
	}
	for _, bad := range []string{"docs", "s3://docs", "s3://docs?endpoint=minio:9000", "s3://docs?region=x&addressing=dns", "s3://docs?region=x&secret=y", "https://docs?region=x"} {
		if _, err := blob.ParseS3URL(bad); !errors.Is(err, fault.Invalid) {
			t.Errorf("ParseS3URL(%q) = %v, want Invalid", bad, err)
		}
	}
}

func read(t *testing.T, s blob.Store, key string) string {
	t.Helper()
	rc, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func walk(t *testing.T, s blob.Store) []string {
	t.Helper()
	var keys []string
	if err := s.Walk(context.Background(), func(k string) error { keys = append(keys, k); return nil }); err != nil {
		t.Fatal(err)
	}
	sort.Strings(keys)
	return keys
}
