package main

import (
	"context"
	"log/slog"
	"net"

	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/store"
)

// app is the platform serve runs (one wiring, in internal/platform, shared
// with the tests) and what only serve has: its flags and metrics listener.
type app struct {
	*platform.Platform
	cfg config
	// metrics is the --metrics-addr listener, if any.
	metrics net.Listener
}

// newApp wires the platform the configuration describes.
func newApp(ctx context.Context, cfg config, logger *slog.Logger) (*app, error) {
	pc := cfg.Config
	pc.Logger = logger
	p, err := platform.New(ctx, pc)
	if err != nil {
		return nil, err
	}
	return &app{Platform: p, cfg: cfg}, nil
}

// openStore opens and migrates the database the configuration names, for
// the sub-commands that need only the store.
func openStore(ctx context.Context, cfg config, logger *slog.Logger) (*store.Store, error) {
	return platform.OpenStore(ctx, cfg.Config, logger)
}
