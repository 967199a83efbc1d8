package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config
	fs := newFlagSet("serve", "Run the platform: the resident front door, the staff workspace, the API, Open311 and SCIM.\nEvery flag can also be set with the GUILDHALL_* variable shown.", stderr)
	cfg.bind(fs, getenv)
	if err := loadServeConfig(&cfg, fs, args, getenv); err != nil {
		return err
	}
	started := time.Now()
	applyMemoryLimit(cfg.MemoryLimitMiB)
	logger := newLogger(cfg.LogFormat, cfg.LogLevel, stderr)
	if cfg.Now != nil {
		logger.Warn("TEST CLOCK: this is a test build and its clock is moved; never run it for a council", "offset", cfg.TestClockOffset, "now", cfg.Now().Format(time.RFC3339))
	}
	a, err := newApp(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.bootstrap(ctx, stdout); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	if cfg.MetricsAddr != "" {
		mln, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("--metrics-addr: %w", err)
		}
		a.metrics = mln
		fmt.Fprintf(stdout, "Metrics are at http://%s/metrics\n", mln.Addr())
	}
	// Listen for SIGHUP before saying we are running, so that a reload asked
	// for straight away is not taken as the default "hang up and exit".
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	logger.Info("listening", "addr", ln.Addr().String(), "database", a.Store.Dialect(), "services", len(a.Registry.Load().All()), "startup", time.Since(started).Round(time.Millisecond))
	fmt.Fprintf(stdout, "Guildhall is running at http://%s\n", ln.Addr())
	return a.serve(ctx, ln, hup)
}

// bootstrap creates the first administrator on an empty platform and prints
// the one-time sign-in secret once: it is never shown or logged again.
func (a *app) bootstrap(ctx context.Context, stdout io.Writer) error {
	email, secret, expires, created, err := a.Auth.Bootstrap(ctx)
	if err != nil || !created {
		return err
	}
	fmt.Fprintf(stdout, "\nFirst administrator created.\n  Sign in at %s/sign-in\n  Email:    %s\n  One-time secret: %s\n  Expires:  %s\nThe secret is shown only this once and works for one sign-in; you will set a password and an authenticator app when you use it.\nIf it expires, run: guildhall admin reset-password --email %s\n\n",
		a.cfg.BaseURL, email, secret, expires.Format("2 January 2006 15:04 MST"), email)
	return nil
}

// serve runs the HTTP server, the outbox worker and service reloads until ctx
// ends, then drains requests in flight for up to the shutdown grace period.
func (a *app) serve(ctx context.Context, ln net.Listener, hup <-chan os.Signal) error {
	// Timeouts per phase (see web.Server.HTTPServer): headers within 5 s,
	// a body at --body-min-rate after --body-grace, the answer within a
	// minute of the body, idle keep-alives closed after two minutes.
	srv := a.Web.HTTPServer()
	// Anchor the audit log's head outside the database before serving, so a
	// platform that cannot write its checkpoints does not start.
	if _, err := a.Checkpoints.Run(context.Background()); err != nil {
		return err
	}
	workCtx, stopWork := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(5)
	go func() { defer wg.Done(); releaseMemory(workCtx, a.Log) }()
	go func() { defer wg.Done(); _ = a.Worker.Run(workCtx) }()
	go func() { defer wg.Done(); a.RunAI(workCtx) }()
	go func() { defer wg.Done(); a.reloadOnHangup(workCtx, hup) }()
	go func() { defer wg.Done(); a.FollowDefinitions(workCtx) }()

	errc := make(chan error, 2)
	go func() { errc <- srv.Serve(ln) }()
	servers := []*http.Server{srv}
	if a.metrics != nil {
		msrv := &http.Server{Handler: a.Web.MetricsHandler(), ReadHeaderTimeout: 5 * time.Second,
			ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute}
		go func() { errc <- msrv.Serve(a.metrics) }()
		servers = append(servers, msrv)
	}
	// Nothing started here outlives serve: the store is closed when it
	// returns, and a handler, task or reader still running would use it
	// (and, on SQLite, could create its files again in a data folder that
	// is being removed).
	stop := func() error {
		shutdownCtx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownGrace)
		defer cancel()
		var errs []error
		for _, s := range servers {
			errs = append(errs, s.Shutdown(shutdownCtx))
		}
		stopWork()
		wg.Wait()
		a.finalCheckpoint()
		return errors.Join(errs...)
	}
	select {
	case err := <-errc:
		stop()
		return err
	case <-ctx.Done():
	}
	a.Log.Info("shutting down: draining requests in flight", "grace", a.cfg.ShutdownGrace)
	err := stop()
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	a.Log.Info("stopped")
	return nil
}

// finalCheckpoint anchors the entries written since the last checkpoint, so
// that a log trimmed while the platform is stopped is found out.
func (a *app) finalCheckpoint() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := a.Checkpoints.Run(ctx); err != nil {
		a.Log.Error("audit checkpoint at shutdown", "err", err)
	}
}

// reloadOnHangup publishes the service definitions folder on SIGHUP, to
// this node and, through the database, every other. Requests in flight keep
// the catalog they started with; a folder with problems is refused and the
// running catalog stays.
func (a *app) reloadOnHangup(ctx context.Context, hup <-chan os.Signal) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			if err := a.PublishDefinitions(ctx, a.Config.DefinitionsFS()); err != nil {
				a.Log.Error("service definitions not reloaded: the running ones stay", "err", err)
				continue
			}
			a.Log.Info("service definitions reloaded", "services", len(a.Registry.Load().All()), "version", a.DefinitionsVersion())
		}
	}
}
