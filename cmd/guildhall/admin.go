package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/user"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/store"
)

// runAdmin is `guildhall admin`: account recovery from the server's shell,
// for when no administrator can sign in (the only one lost their phone, or
// left). Each change is audited as the operating-system user.
//
//	guildhall admin reset-password --email EMAIL [--second-factor]
//	guildhall admin disable --email EMAIL
//	guildhall admin enable --email EMAIL
func runAdmin(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	usage := "Usage: guildhall admin reset-password|disable|enable --email EMAIL [--second-factor]"
	if len(args) == 0 || (args[0] != "reset-password" && args[0] != "disable" && args[0] != "enable") {
		fmt.Fprintln(stderr, usage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return errUsage
	}
	var cfg config
	fs := newFlagSet("admin "+args[0], "Recover a staff account from the server's shell.", stderr)
	cfg.bindStore(fs, getenv)
	cfg.bindSecretTTL(fs, getenv)
	email := fs.String("email", "", "the account's email address (required)")
	second := fs.Bool("second-factor", false, "reset-password: also remove the authenticator app and passkeys, to be set up again")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *email == "" {
		fmt.Fprintln(stderr, usage)
		return errUsage
	}
	logger := newLogger("text", "warn", stderr)
	st, err := openStore(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer st.Close()
	svc, err := adminService(st, cfg)
	if err != nil {
		return err
	}
	u, err := st.UserByEmail(ctx, *email)
	if errors.Is(err, fault.NotFound) {
		return fmt.Errorf("no account with email %s", *email)
	}
	if err != nil {
		return err
	}
	return adminAction(ctx, svc, args[0], u, *second, stdout)
}

func adminService(st *store.Store, cfg config) (*auth.Service, error) {
	key, err := auth.LoadOrCreateKey(cfg.SecretKeyPath())
	if err != nil {
		return nil, err
	}
	return auth.NewService(st, auth.Options{SecretKey: key, SecretTTL: cfg.SecretTTL, Logger: newLogger("text", "warn", io.Discard)})
}

func adminAction(ctx context.Context, svc *auth.Service, action string, u auth.User, second bool, stdout io.Writer) error {
	op := shellOperator()
	switch action {
	case "disable":
		if err := svc.Disable(ctx, op, u.ID); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Disabled %s; their sessions have ended.\n", u.Email)
	case "enable":
		if err := svc.Enable(ctx, op, u.ID); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Enabled %s.\n", u.Email)
	default:
		secret, err := svc.ResetPassword(ctx, op, u.ID, second)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "One-time secret for %s: %s\nIt is shown only this once, works for one sign-in and expires in %s; they must choose a new password when they sign in.\n",
			u.Email, secret, svc.Options().SecretTTL)
	}
	return nil
}

// shellOperator is the person at the server's shell: trusted as an
// administrator with a second factor, since they can read the database anyway.
func shellOperator() access.Principal {
	name := "operator"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	return access.Principal{Kind: access.KindStaff, UserID: "cli:" + name, Name: name + " (command line)", MFA: true,
		Grants: []access.Grant{{Role: access.RoleAdministrator, Team: "*"}}}
}
