package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/platform"
)

func TestAdminResetPasswordAndDisable(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	env := func(string) string { return "" }
	cfg := config{Config: platform.Config{DataDir: dir, SQLiteSync: "normal"}}
	st, err := openStore(ctx, cfg, newLogger("text", "warn", &bytes.Buffer{}))
	if err != nil {
		t.Fatal(err)
	}
	email, _, _, err := auth.Bootstrap(ctx, st)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if err := runAdmin(ctx, []string{"reset-password", "--data", dir, "--email", strings.ToUpper(email), "--second-factor"}, env, &out, &errOut); err != nil {
		t.Fatalf("reset-password: %v %s", err, errOut.String())
	}
	m := regexp.MustCompile(`One-time secret for \S+: (\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no secret printed: %q", out.String())
	}
	st, err = openStore(ctx, cfg, newLogger("text", "warn", &bytes.Buffer{}))
	if err != nil {
		t.Fatal(err)
	}
	svc, err := adminService(st, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, next, err := svc.SignIn(ctx, email, m[1], "192.0.2.1", ""); err != nil || next != auth.StepChangePassword {
		t.Errorf("sign in with the printed secret: %v %v", next, err)
	}
	st.Close()
	if err := runAdmin(ctx, []string{"disable", "--data", dir, "--email", email}, env, &out, &errOut); err != nil {
		t.Fatalf("disable: %v", err)
	}
	if err := runAdmin(ctx, []string{"disable", "--data", dir, "--email", "nobody@example.gov.uk"}, env, &out, &errOut); err == nil {
		t.Error("disable of an unknown account succeeded")
	}
	if err := runAdmin(ctx, []string{"unknown"}, env, &out, &errOut); err != errUsage {
		t.Errorf("unknown sub-command: %v", err)
	}
}
