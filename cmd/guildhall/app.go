package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/scan"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/blob"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/notify"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/web"
	"github.com/guildhall-platform/guildhall/internal/web/account"
	"github.com/guildhall-platform/guildhall/internal/web/api"
	"github.com/guildhall-platform/guildhall/internal/web/frontdoor"
	"github.com/guildhall-platform/guildhall/internal/web/integrations"
	"github.com/guildhall-platform/guildhall/internal/web/open311"
	"github.com/guildhall-platform/guildhall/internal/web/scim"
	"github.com/guildhall-platform/guildhall/internal/web/singleview"
	"github.com/guildhall-platform/guildhall/internal/web/workspace"
	"github.com/guildhall-platform/guildhall/internal/webhooks"
	"github.com/guildhall-platform/guildhall/internal/workday"
	"github.com/guildhall-platform/guildhall/services"
)

// app is the platform wired together: what serve runs and tests start.
type app struct {
	cfg      config
	log      *slog.Logger
	store    *store.Store
	registry *service.Registry
	auth     *auth.Service
	cases    *cases.Service
	worker   *jobs.Worker
	web      *web.Server
	blobs    blob.Store
	people   *people.Service
	records  *records.Service
	// checkpoints writes signed audit checkpoints outside the database.
	checkpoints *audit.Checkpointer
	// metrics is the --metrics-addr listener, if any.
	metrics net.Listener
}

// openStore opens and migrates the database the configuration names.
func openStore(ctx context.Context, cfg config, logger *slog.Logger) (*store.Store, error) {
	if cfg.DatabaseURL == "" {
		if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
			return nil, fmt.Errorf("data folder: %w", err)
		}
	}
	st, err := store.Open(ctx, store.Config{URL: cfg.DatabaseURL, Dir: cfg.DataDir, SQLiteSync: cfg.SQLiteSync, Logger: logger,
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

// definitionsFS is the folder of definitions to load: --services, or the bundled ones.
func definitionsFS(cfg config) fs.FS {
	if cfg.ServicesDir != "" {
		return os.DirFS(cfg.ServicesDir)
	}
	return services.FS
}

// newApp wires the store, the domain services and the web areas.
func newApp(ctx context.Context, cfg config, logger *slog.Logger) (*app, error) {
	catalog, err := service.LoadDir(definitionsFS(cfg))
	if err != nil {
		return nil, fmt.Errorf("loading service definitions: %w", err)
	}
	st, err := openStore(ctx, cfg, logger)
	if err != nil {
		return nil, err
	}
	blobs, err := cfg.openBlobs()
	if err == nil {
		err = pingBlobs(ctx, blobs)
	}
	if err != nil {
		st.Close()
		return nil, err
	}
	a := &app{cfg: cfg, log: logger, store: st, registry: service.NewRegistry(catalog), blobs: blobs}
	if err := a.wire(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return a, nil
}

func (a *app) wire(ctx context.Context) error {
	a.keyDir() // the data folder holds the key unless --secret-key-file says otherwise
	key, err := auth.LoadOrCreateKey(a.cfg.secretKeyPath())
	if err != nil {
		return err
	}
	// The group map serves both SSO claims and SCIM group membership (movers).
	groups, err := auth.ParseGroupMap(a.cfg.OIDCGroupMap)
	if err != nil {
		return fmt.Errorf("--oidc-group-map: %w", err)
	}
	a.auth, err = auth.NewService(a.store, auth.Options{SecretKey: key, Issuer: a.cfg.CouncilName, GroupMap: groups,
		Directory: directoryOf(a.registry), Logger: a.log, SecretTTL: a.cfg.SecretTTL})
	if err != nil {
		return err
	}
	if err := a.auth.CheckGroupMap(ctx, groups); err != nil {
		return fmt.Errorf("--oidc-group-map: %w", err)
	}
	if err := a.auth.EnablePasskeys(a.store, a.cfg.BaseURL, a.cfg.CouncilName); err != nil {
		// Passkeys need https or localhost with a domain name; TOTP still works.
		a.log.Info("passkeys are off (authenticator apps still work)", "reason", err)
	}
	if err := a.enableSSO(); err != nil {
		return err
	}
	if err := a.wireRecords(); err != nil {
		return err
	}
	a.cases = &cases.Service{
		Store:         a.store,
		Services:      a.registry,
		Clock:         cases.Calendar{Cal: workday.Default()},
		TeamMailboxes: teamMailboxes(a.cfg.TeamMailbox, a.registry.Load()),
		Staff:         a.auth,
		Contacts:      a.auth,
		Logger:        a.log,
	}
	extra, err := auditSyslog(a.cfg.AuditSyslog)
	if err != nil {
		return err
	}
	a.checkpoints = &audit.Checkpointer{Store: a.store, Key: a.store.AuditKey(), Path: a.cfg.checkpointPath(), Extra: extra}
	srcRoles, err := sourceRoles(a.cfg.PeopleSourceRoles)
	if err != nil {
		return err
	}
	a.people = &people.Service{SourceRoles: srcRoles, Store: a.store, Policy: a.cases, Services: a.registry, Blobs: a.blobs, Trust: people.Trust(splitList(a.cfg.PeopleTrust)), Logger: a.log}
	sender, err := notify.NewSender(notify.Config{
		NotifyAPIKey: a.cfg.NotifyAPIKey, NotifyBaseURL: a.cfg.NotifyBaseURL,
		NotifyEmailTemplate: a.cfg.NotifyEmailTemplate, NotifySMSTemplate: a.cfg.NotifySMSTemplate,
		NotifyCheckReference: true,
		SMTPAddr:             a.cfg.SMTPAddr, SMTPFrom: a.cfg.SMTPFrom, SMTPUsername: a.cfg.SMTPUser, SMTPPassword: a.cfg.SMTPPassword,
	}, a.log)
	if err != nil {
		return err
	}
	hooks := &webhooks.Deliverer{Store: a.store, Outbox: a.store, APIBase: a.cfg.BaseURL, Logger: a.log}
	a.worker = &jobs.Worker{
		Store:    a.store,
		Handlers: handlers(map[string]jobs.Handler{jobs.TopicNotify: notifyHandler(sender)}, hooks.Handlers(), a.people.Handlers()),
		Tasks: append([]jobs.Task{
			{Name: "overdue", Every: time.Minute, Run: func(ctx context.Context) error { _, err := a.cases.CheckOverdue(ctx); return err }},
			{Name: "retention", Every: time.Hour, Run: a.records.Task},
			{Name: "prune-sessions", Every: time.Hour, Run: a.auth.PruneSessions},
			{Name: "audit-checkpoint", Every: a.cfg.AuditCheckpointEvery, Run: a.checkpoints.Task},
		}, a.people.Tasks(a.cfg.PeopleLinkEvery)...),
		Permanent: []error{notify.ErrPermanent},
		// Back-off from 30 s doubling to an hour over twelve attempts spans
		// 2.5 to 5 hours, so a webhook receiver down for an hour loses nothing
		// (from the 1 s default, twelve attempts span only 17 to 34 minutes).
		MinBackoff: 30 * time.Second,
		Lease:      a.cfg.OutboxLease,
		Logger:     a.log,
	}
	return a.wireWeb(key)
}

// formKey derives the key of the form (CSRF) tokens from the platform's
// secret key, so that a form a resident opened before a restart, a crash or
// a deploy, or served by another node, still posts (a key drawn per process
// made every open form answer 403 after any restart).
func formKey(secret []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("guildhall form tokens"))
	return m.Sum(nil)
}

func (a *app) wireWeb(secret []byte) error {
	a.web = web.NewServer(web.Config{
		Secret:         formKey(secret),
		CouncilName:    a.cfg.CouncilName,
		Phase:          "beta",
		BaseURL:        a.cfg.BaseURL,
		Ready:          a.store.Ready,
		Gauges:         a.gauges(),
		MaxInFlight:    a.cfg.MaxInFlight,
		MetricsToken:   a.cfg.MetricsToken,
		BodyGrace:      a.cfg.BodyGrace,
		BodyMinRate:    a.cfg.BodyMinRate,
		SpoolDir:       spoolDir(a.cfg),
		TrustedProxies: a.cfg.trustedProxies,
		ProxyHeader:    a.cfg.ProxyHeader,
	}, a.log)
	if err := account.Register(a.web, account.Deps{Auth: a.auth, Logger: a.log}); err != nil {
		return err
	}
	uploads, err := a.uploads()
	if err != nil {
		return err
	}
	if err := frontdoor.Register(a.web, frontdoor.Deps{Services: a.registry, Cases: a.cases, Drafts: a.store, Blobs: a.blobs,
		Scanner: uploads.Scanner, Audit: uploads.Audit, Addresses: people.AddressLookup{Gazetteer: a.store}, Logger: a.log}); err != nil {
		return err
	}
	if err := workspace.Register(a.web, workspace.Deps{Cases: a.cases, Services: a.registry, Audit: &audit.Service{Store: a.store}, Blobs: a.blobs, Uploads: uploads, AssistedURL: "/", Logger: a.log}); err != nil {
		return err
	}
	api.Register(a.web, api.Deps{Limiter: web.NewLimiter(a.cfg.APIRate, max(1, int(a.cfg.APIRate*5)), 0), Cases: a.cases, Services: a.registry, Tokens: a.auth, Idempotency: a.store, Blobs: a.blobs, Uploads: uploads, Logger: a.log})
	if err := singleview.Register(a.web, singleview.Deps{People: a.people, Services: a.registry, Logger: a.log}); err != nil {
		return err
	}
	scim.Register(a.web, scim.Deps{Auth: a.auth, Token: a.cfg.SCIMToken, BaseURL: a.cfg.BaseURL, Logger: a.log})
	if err := integrations.Register(a.web, integrations.Deps{Webhooks: &webhooks.Registry{Store: a.store}, Outbox: a.store, Audit: a.store, Logger: a.log}); err != nil {
		return err
	}
	open311.Register(a.web, open311.Deps{Cases: a.cases, Services: a.registry, Tokens: a.auth, Tickets: a.store, Photos: photos{a.blobs}, BaseURL: a.cfg.BaseURL, Changeset: time.Now().UTC(), Logger: a.log,
		Jurisdiction: a.cfg.Open311Jurisdiction, Contact: a.cfg.Open311Contact})
	return nil
}

// spoolDir holds large request bodies while they arrive: a folder in the
// data folder, so that uploads land on the disk sized for documents rather
// than a small /tmp; "" (os.TempDir) when it cannot be made.
func spoolDir(cfg config) string {
	dir := filepath.Join(cfg.DataDir, "incoming")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return ""
	}
	// A crash leaves its bodies behind; an hour old, none is still arriving.
	old, _ := filepath.Glob(filepath.Join(dir, "guildhall-body-*"))
	for _, f := range old {
		if fi, err := os.Stat(f); err == nil && time.Since(fi.ModTime()) > time.Hour {
			_ = os.Remove(f)
		}
	}
	return dir
}

// keyDir is where the platform's own secret key lives: the data folder.
func (a *app) keyDir() string {
	if err := os.MkdirAll(a.cfg.DataDir, 0o750); err != nil {
		return "."
	}
	return a.cfg.DataDir
}

func (a *app) enableSSO() error {
	if a.cfg.OIDCIssuer == "" {
		return nil
	}
	groups, err := auth.ParseGroupMap(a.cfg.OIDCGroupMap)
	if err != nil {
		return fmt.Errorf("--oidc-group-map: %w", err)
	}
	return a.auth.EnableOIDC(auth.OIDCConfig{
		Issuer: a.cfg.OIDCIssuer, ClientID: a.cfg.OIDCClientID, ClientSecret: a.cfg.OIDCClientSecret,
		RedirectURL: strings.TrimRight(a.cfg.BaseURL, "/") + "/sign-in/oidc/callback", GroupMap: groups,
		RequireMFAClaim: a.cfg.OIDCRequireMFA,
	})
}

// gauges are the /metrics values that come from outside the web layer.
func (a *app) gauges() map[string]func() float64 {
	depth := func(dead bool) func() float64 {
		return func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			pending, d, err := a.store.OutboxDepth(ctx)
			if err != nil {
				return -1
			}
			if dead {
				return float64(d)
			}
			return float64(pending)
		}
	}
	g := map[string]func() float64{
		"guildhall_outbox_pending":      depth(false),
		"guildhall_outbox_dead_letters": depth(true),
	}
	for _, p := range a.store.Pools() {
		pool := p.Pool
		stat := func(f func(store.PoolStats) float64) func() float64 {
			return func() float64 {
				for _, q := range a.store.Pools() {
					if q.Pool == pool {
						return f(q)
					}
				}
				return 0
			}
		}
		g["guildhall_db_"+pool+"_open_connections"] = stat(func(q store.PoolStats) float64 { return float64(q.Open) })
		g["guildhall_db_"+pool+"_in_use_connections"] = stat(func(q store.PoolStats) float64 { return float64(q.InUse) })
		g["guildhall_db_"+pool+"_wait_count"] = stat(func(q store.PoolStats) float64 { return float64(q.WaitCount) })
		g["guildhall_db_"+pool+"_wait_seconds"] = stat(func(q store.PoolStats) float64 { return q.WaitSecs })
	}
	maps.Copy(g, a.people.LinkGauges())
	return g
}

// notifyHandler sends an outbox notification through sender.
func notifyHandler(sender notify.Sender) jobs.Handler {
	return func(ctx context.Context, m jobs.Message) error {
		var msg notify.Message
		if err := json.Unmarshal(m.Payload, &msg); err != nil {
			return fmt.Errorf("notification %s is not readable: %w: %w", m.ID, err, jobs.ErrPermanent)
		}
		if msg.ID == "" {
			msg.ID = m.ID
		}
		return sender.Send(ctx, msg)
	}
}

// handlers merges the outbox handlers of each part of the platform.
func handlers(sets ...map[string]jobs.Handler) map[string]jobs.Handler {
	all := map[string]jobs.Handler{}
	for _, set := range sets {
		for topic, h := range set {
			all[topic] = h
		}
	}
	return all
}

// teamMailboxes turns a pattern like "{team}@example.gov.uk" into an address per team.
func teamMailboxes(pattern string, c *service.Catalog) map[string]string {
	if pattern == "" || c == nil {
		return nil
	}
	out := map[string]string{}
	for _, d := range c.All() {
		out[d.Team] = strings.ReplaceAll(pattern, "{team}", d.Team)
	}
	return out
}

func (a *app) Close() error { return a.store.Close() }

// photos keeps Open311 photo uploads as documents.
type photos struct{ blobs blob.Store }

func (p photos) PutPhoto(ctx context.Context, name, contentType string, data []byte) (service.FileRef, error) {
	key, err := p.blobs.PutBytes(ctx, data)
	if err != nil {
		return service.FileRef{}, err
	}
	return service.FileRef{Key: key, Name: name, ContentType: contentType, Size: int64(len(data))}, nil
}

// directoryOf gives the identity service the teams and roles the current
// service definitions name, so grants naming neither are refused.
func directoryOf(reg *service.Registry) func() auth.Directory {
	return func() auth.Directory {
		var d auth.Directory
		cat := reg.Load()
		if cat == nil {
			return d
		}
		for _, def := range cat.All() {
			d.Teams = append(d.Teams, def.Team)
			d.Services = append(d.Services, auth.ServiceStaffing{ID: def.ID, Name: def.Name, Team: def.Team, Roles: def.Roles})
			d.Roles = append(d.Roles, def.Roles...)
			for _, t := range def.Workflow.Transitions {
				d.Roles = append(d.Roles, t.Roles...)
			}
		}
		return d
	}
}

// uploads is the one upload path's configuration: documents kept in the
// blob store, malware scanned by clamd when --clamd is set, infected files
// audited.
func (a *app) uploads() (*web.Uploads, error) {
	u := &web.Uploads{Blobs: a.blobs, Audit: &audit.Service{Store: a.store}, Logger: a.log}
	if a.cfg.Clamd == "" {
		a.log.Warn("uploads are not scanned for malware: set --clamd (GUILDHALL_CLAMD) to a ClamAV daemon")
		return u, nil
	}
	c, err := scan.Parse(a.cfg.Clamd)
	if err != nil {
		return nil, fmt.Errorf("--clamd: %w", err)
	}
	u.Scanner = c
	if err := c.Ping(context.Background()); err != nil {
		a.log.Error("the virus scanner is not answering: uploads are refused until it does", "clamd", a.cfg.Clamd, "err", err)
	}
	return u, nil
}
