// Package platform wires Guildhall together: the store, identity, cases,
// people, jobs, notify, webhooks, documents, malware scanning and the web
// areas. cmd/guildhall's serve runs what New builds, and tests build the
// same thing through platformtest, so there is one wiring to read and keep
// right.
package platform

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/blob"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/opendata"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/search"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/statistics"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/web"
	"github.com/guildhall-platform/guildhall/internal/webhooks"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// Platform is Guildhall wired together: what serve runs and tests start.
type Platform struct {
	Config   Config
	Log      *slog.Logger
	Store    *store.Store
	Registry *service.Registry
	Auth     *auth.Service
	Cases    *cases.Service
	People   *people.Service
	Audit    *audit.Service
	Worker   *jobs.Worker
	// Webhooks signs and sends the webhook deliveries the Worker drains.
	Webhooks *webhooks.Deliverer
	Web      *web.Server
	Blobs    blob.Store
	Records  *records.Service
	// Documents files documents outside any case; it shares the file plan.
	Documents *records.Documents
	// Search is one search over cases, documents and spaces.
	Search *records.Search
	// Uploads is the one upload path the front door, workspace and API share.
	Uploads *web.Uploads
	// AI is the running AI features (ai.go).
	AI *AI
	// OpenData publishes datasets, statistics and the disclosure log.
	OpenData *opendata.Service
	// Statistics gives officers the figures of the cases they may see.
	Statistics *statistics.Service
	// Checkpoints writes signed audit checkpoints outside the database.
	Checkpoints *audit.Checkpointer
	// find is the public search, whose index rebuilds run in the
	// background and are waited for by Close.
	find *search.Service
	// ownStore is whether Close closes Store (New opened it).
	ownStore bool
	// defsVersion is the published version of the running definitions;
	// defsMu orders publishing and loading them (definitions.go).
	defsVersion atomic.Int64
	defsMu      sync.Mutex
}

// New builds the platform cfg describes: it loads the service definitions,
// opens and migrates the database (unless cfg.Store is given), keys the
// audit log and wires the domain services and web areas. Close releases it.
func New(ctx context.Context, cfg Config) (*Platform, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	catalog, err := service.LoadDir(cfg.DefinitionsFS())
	if err != nil {
		return nil, fmt.Errorf("loading service definitions: %w", err)
	}
	blobs, err := cfg.OpenBlobs()
	if err == nil {
		err = pingBlobs(ctx, blobs)
	}
	if err != nil {
		return nil, err
	}
	p := &Platform{Config: cfg, Log: cfg.Logger, Store: cfg.Store, Registry: service.NewRegistry(catalog), Blobs: blobs}
	if err := p.openStore(ctx); err != nil {
		return nil, err
	}
	// Every put is noted first, so that the retention job never deletes
	// bytes stored again since disposal freed them.
	p.Blobs = blob.Guarded{Store: p.Blobs, BeforePut: p.Store.NoteBlobPut}
	if err := p.wire(ctx); err != nil {
		p.Close()
		return nil, err
	}
	if err := p.publish(ctx, cfg.DefinitionsFS(), catalog); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

// openStore opens the configured database, or keys the audit log of the
// store a test gave, so that both take the same path from here on.
func (p *Platform) openStore(ctx context.Context) error {
	if p.Store != nil {
		_, err := useAuditKey(ctx, p.Store, p.Config)
		return err
	}
	st, err := OpenStore(ctx, p.Config, p.Log)
	p.Store, p.ownStore = st, true
	return err
}

// OpenStore opens and migrates the database the configuration names and
// keys its audit log.
func OpenStore(ctx context.Context, cfg Config, logger *slog.Logger) (*store.Store, error) {
	if cfg.DatabaseURL == "" {
		if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
			return nil, fmt.Errorf("data folder: %w", err)
		}
	}
	st, err := store.Open(ctx, store.Config{URL: cfg.DatabaseURL, Dir: cfg.DataDir, SQLiteSync: cfg.SQLiteSync, Logger: logger, Now: cfg.Now,
		AfterSubmitCommit: crashHook(cfg.CrashAfterCommit, logger)})
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	if _, err := useAuditKey(ctx, st, cfg); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

func (p *Platform) wire(ctx context.Context) error {
	key, err := p.wireAuth(ctx)
	if err != nil {
		return err
	}
	if err := p.wireRecords(); err != nil {
		return err
	}
	p.Cases = &cases.Service{
		Store:         p.Store,
		Services:      p.Registry,
		Clock:         cases.Calendar{Cal: workday.Default()},
		Now:           p.Config.Now,
		TeamMailboxes: teamMailboxes(p.Config.TeamMailbox, p.Registry.Load()),
		Staff:         p.Auth,
		Contacts:      p.Auth,
		Logger:        p.Log,
		SiteURL:       p.Config.BaseURL,
		Feedback:      p.Store,
		Reports:       p.Store,
		Payments:      p.Store,
		Pay:           p.payGateway(),
		PaymentKey:    derivedKey(key, "guildhall payment confirmations"),
		NearbyMetres:  float64(p.Config.NearbyMetres),
		Wards:         p.Config.Map.Wards,
		Places:        p.Store,
	}
	p.Search = &records.Search{Documents: p.Documents, Cases: p.Cases, Store: p.Store, Services: p.Registry}
	// The store's chain is keyed before wiring (openStore), so the service
	// verifies with the same key the entries were written with.
	p.Audit = &audit.Service{Store: p.Store, Key: p.Store.AuditKey(), Now: p.Config.Now}
	p.Statistics = &statistics.Service{Store: p.Store, Services: p.Registry, Wards: p.Config.Map.Wards, Now: p.Config.Now}
	if err := p.wirePeople(); err != nil {
		return err
	}
	if err := p.wireWork(); err != nil {
		return err
	}
	return p.wireWeb(key)
}

func (p *Platform) wirePeople() error {
	srcRoles, err := SourceRoles(p.Config.PeopleSourceRoles)
	if err != nil {
		return err
	}
	p.People = &people.Service{SourceRoles: srcRoles, Store: p.Store, Policy: p.Cases, Services: p.Registry, Blobs: p.Blobs,
		Trust: people.Trust(SplitList(p.Config.PeopleTrust)), Now: p.Config.Now, Logger: p.Log}
	p.Cases.SamePerson = p.People.SamePersonOpenCases
	return nil
}

// Close waits for the public search's background rebuild, if one is under
// way, and closes the store if New opened it.
func (p *Platform) Close() error {
	if p.find != nil {
		p.find.Wait()
	}
	if !p.ownStore || p.Store == nil {
		return nil
	}
	return p.Store.Close()
}

// now is the platform's clock.
func (p *Platform) now() time.Time {
	if p.Config.Now != nil {
		return p.Config.Now()
	}
	return time.Now()
}
