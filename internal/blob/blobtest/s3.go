// Package blobtest starts an S3-speaking server inside a test: gofakes3 (an
// in-memory implementation of the S3 REST API) behind a thin layer that
// does what gofakes3 leaves out and Amazon S3 does: it refuses unsigned
// requests and a PUT whose bytes do not match their signed SHA-256.
package blobtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/guildhall-platform/guildhall/internal/blob"
)

// Test credentials: the server accepts only these.
const (
	AccessKey = "GUILDHALLTESTKEY"
	SecretKey = "guildhall-test-secret"
	Bucket    = "guildhall-documents"
)

// Server is a running S3 server with one bucket.
type Server struct {
	URL string
	// Puts counts objects written, so tests can see de-duplication.
	Puts atomic.Int64
}

// Start runs a server for the test's lifetime, with Bucket created.
func Start(tb testing.TB) *Server {
	tb.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket(Bucket); err != nil {
		tb.Fatal(err)
	}
	fake := gofakes3.New(backend, gofakes3.WithIntegrityCheck(true))
	s := &Server{}
	ts := httptest.NewServer(s.strict(fake.Server()))
	tb.Cleanup(ts.Close)
	s.URL = ts.URL
	return s
}

// Store is a blob.S3 for the server's bucket, with prefix (may be "").
func (s *Server) Store(prefix string) *blob.S3 {
	return &blob.S3{Endpoint: s.URL, Bucket: Bucket, Prefix: prefix, Region: "eu-west-2", AccessKey: AccessKey, SecretKey: SecretKey}
}

// BlobURL is the configuration URL of the bucket with prefix.
func (s *Server) BlobURL(prefix string) string {
	return "s3://" + Bucket + "/" + prefix + "?endpoint=" + s.URL + "&region=eu-west-2"
}

func (s *Server) strict(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 Credential="+AccessKey+"/") {
			s3Error(w, http.StatusForbidden, "AccessDenied", "unsigned request or unknown access key")
			return
		}
		if r.Method == http.MethodPut {
			body, _ := io.ReadAll(r.Body)
			sum := sha256.Sum256(body)
			if hex.EncodeToString(sum[:]) != r.Header.Get("X-Amz-Content-Sha256") {
				s3Error(w, http.StatusBadRequest, "XAmzContentSHA256Mismatch", "the provided x-amz-content-sha256 does not match what was computed")
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			s.Puts.Add(1)
		}
		next.ServeHTTP(w, r)
	})
}

func s3Error(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>%s</Code><Message>%s</Message></Error>", code, msg)
}
