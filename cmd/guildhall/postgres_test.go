package main

import (
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// TestServeOnPostgres runs the same platform on PostgreSQL, chosen only by
// GUILDHALL_DATABASE_URL.
func TestServeOnPostgres(t *testing.T) {
	url := storetest.PostgresURL(t)
	srv := startServe(t, map[string]string{"GUILDHALL_DATABASE_URL": url})
	if code, body := get(t, srv.URL+"/readyz"); code != 200 {
		t.Fatalf("/readyz on PostgreSQL = %d %q", code, body)
	}
	if _, body := get(t, srv.URL+"/"); !strings.Contains(body, "Report a pothole") {
		t.Error("home page on PostgreSQL does not list the bundled services")
	}
	if out := strings.Join(srv.Stdout, "\n"); !strings.Contains(out, "One-time secret") {
		t.Error("first start on PostgreSQL printed no administrator secret")
	}
}
