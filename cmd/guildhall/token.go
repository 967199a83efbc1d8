package main

import (
	"context"
	"fmt"
	"io"
	"os/user"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/platform"
)

// runToken is `guildhall token issue`: an operator with access to the server's
// data issues an API token without the web pages (for automation, load tests
// and first integrations). It is audited as the operating-system user.
func runToken(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "issue" {
		fmt.Fprintln(stderr, "Usage: guildhall token issue --name NAME [--services a,b] [--write] [--grants role@team,...]")
		if asksForHelp(args) {
			return nil
		}
		return errUsage
	}
	var cfg config
	fs := newFlagSet("token issue", "Issue an API token and print it once. Only its SHA-256 is kept.", stderr)
	cfg.bindStore(fs, getenv)
	name := fs.String("name", "", "what the token is for (required)")
	svcs := fs.String("services", "", "comma-separated service ids the token is limited to (empty: all)")
	write := fs.Bool("write", false, "allow submitting cases, transitions and notes (default read-only)")
	grants := fs.String("grants", "", "roles the token acts with, e.g. officer@highways,auditor@*")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	gs, err := auth.ParseGrants(*grants)
	if err != nil {
		return fmt.Errorf("--grants: %w", err)
	}
	logger := newLogger("text", "warn", stderr)
	st, err := openStore(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer st.Close()
	key, err := auth.LoadOrCreateKey(cfg.SecretKeyPath())
	if err != nil {
		return err
	}
	svc, err := auth.NewService(st, auth.Options{SecretKey: key, Logger: logger})
	if err != nil {
		return err
	}
	secret, t, err := svc.IssueToken(ctx, operator(), auth.TokenRequest{Name: *name, Services: platform.SplitList(*svcs), Write: *write, Grants: gs})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\n", secret)
	fmt.Fprintf(stderr, "Issued token %s (%q). It is shown only this once.\n", t.ID, t.Name)
	return nil
}

// operator is the person at the server's shell: trusted as an administrator
// with a second factor, since they can read the database anyway.
func operator() access.Principal {
	name := "operator"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	return access.Principal{Kind: access.KindStaff, UserID: "cli:" + name, Name: name + " (command line)", MFA: true,
		Grants: []access.Grant{{Role: access.RoleAdministrator, Team: "*"}}}
}
