package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/blob"
	"github.com/guildhall-platform/guildhall/internal/blob/blobtest"
)

func s3Env(srv *blobtest.Server, prefix string) map[string]string {
	return map[string]string{
		"GUILDHALL_BLOBS":                srv.BlobURL(prefix),
		"GUILDHALL_S3_ACCESS_KEY_ID":     blobtest.AccessKey,
		"GUILDHALL_S3_SECRET_ACCESS_KEY": blobtest.SecretKey,
	}
}

// TestDocumentsBackupAndRestoreOfABucket: a bucket's documents are copied
// to a folder (the backup), and from the folder into an empty bucket (the
// restore); every document comes back with the bytes it was stored with.
func TestDocumentsBackupAndRestoreOfABucket(t *testing.T) {
	t.Parallel()
	srv := blobtest.Start(t)
	ctx := context.Background()
	live := srv.Store("live/")
	want := map[string][]byte{}
	for i := range 25 {
		b := fmt.Appendf(nil, "scan of a parking permit, page %d", i)
		k, err := live.PutBytes(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		want[k] = b
	}
	env := s3Env(srv, "")
	getenv := func(k string) string { return env[k] }
	folder := t.TempDir()
	var out bytes.Buffer
	steps := [][]string{
		{"documents", "copy", "--from", srv.BlobURL("live/"), "--to", folder},
		{"documents", "copy", "--from", folder, "--to", srv.BlobURL("restored/")},
	}
	for _, args := range steps {
		if err := run(ctx, args, getenv, &out, io.Discard); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	if got := strings.Count(out.String(), "Copied 25 documents"); got != 2 {
		t.Errorf("output %q", out.String())
	}
	restored := srv.Store("restored/")
	for k, b := range want {
		rc, err := restored.Open(ctx, k)
		if err != nil {
			t.Fatalf("document %s not restored: %v", k, err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Equal(got, b) || blob.Key(got) != k {
			t.Fatalf("document %s restored as %q", k, got)
		}
	}
}

// TestServeRefusesABucketItCannotUse: a wrong bucket, a wrong key and
// missing credentials stop serve before it listens, each saying why.
func TestServeRefusesABucketItCannotUse(t *testing.T) {
	t.Parallel()
	srv := blobtest.Start(t)
	for name, tt := range map[string]struct {
		change func(map[string]string)
		want   string
	}{
		"bucket": {func(e map[string]string) {
			e["GUILDHALL_BLOBS"] = strings.Replace(e["GUILDHALL_BLOBS"], blobtest.Bucket, "not-ours", 1)
		}, "NoSuchBucket"},
		"key":         {func(e map[string]string) { e["GUILDHALL_S3_SECRET_ACCESS_KEY"] = "" }, "set GUILDHALL_S3_ACCESS_KEY_ID and GUILDHALL_S3_SECRET_ACCESS_KEY too"},
		"access":      {func(e map[string]string) { e["GUILDHALL_S3_ACCESS_KEY_ID"] = "SOMEONEELSE" }, "AccessDenied"},
		"not a place": {func(e map[string]string) { e["GUILDHALL_BLOBS"] = "gs://docs" }, `--blobs (GUILDHALL_BLOBS) "gs://docs": give a folder or an s3:// URL`},
	} {
		t.Run(name, func(t *testing.T) {
			env := s3Env(srv, "")
			tt.change(env)
			err := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()}, func(k string) string { return env[k] }, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("serve: %v, want %q", err, tt.want)
			}
		})
	}
}

// TestServeStartsOnABucket: with a reachable bucket serve starts and is
// ready (uploads through it are followed end to end in test/multinode).
func TestServeStartsOnABucket(t *testing.T) {
	t.Parallel()
	r := startServe(t, s3Env(blobtest.Start(t), "docs/"))
	if code, _ := get(t, r.URL+"/readyz"); code != 200 {
		t.Fatalf("readyz %d", code)
	}
}
