package platform

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/blob"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/opendata"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/scan"
	"github.com/guildhall-platform/guildhall/internal/search"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
	"github.com/guildhall-platform/guildhall/internal/web/account"
	"github.com/guildhall-platform/guildhall/internal/web/api"
	"github.com/guildhall-platform/guildhall/internal/web/dashboard"
	"github.com/guildhall-platform/guildhall/internal/web/frontdoor"
	"github.com/guildhall-platform/guildhall/internal/web/integrations"
	"github.com/guildhall-platform/guildhall/internal/web/open311"
	webopendata "github.com/guildhall-platform/guildhall/internal/web/opendata"
	webrecords "github.com/guildhall-platform/guildhall/internal/web/records"
	"github.com/guildhall-platform/guildhall/internal/web/scim"
	"github.com/guildhall-platform/guildhall/internal/web/singleview"
	"github.com/guildhall-platform/guildhall/internal/web/workspace"
	"github.com/guildhall-platform/guildhall/internal/webhooks"
)

// derivedKey is the key for one purpose derived from the platform's secret
// key: the form (CSRF) tokens' ("guildhall form tokens"), so that a form a
// resident opened before a restart, a crash or a deploy, or served by
// another node, still posts (a key drawn per process made every open form
// answer 403 after any restart); the seal of GOV.UK Pay's confirmations
// ("guildhall payment confirmations"), which must not be in the database.
func derivedKey(secret []byte, purpose string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

func (p *Platform) wireWeb(secret []byte) error {
	c := p.Config
	p.Web = web.NewServer(web.Config{
		Secret:         derivedKey(secret, "guildhall form tokens"),
		CouncilName:    c.CouncilName,
		CouncilNameCy:  c.CouncilNameCy,
		Phase:          "beta",
		BaseURL:        c.BaseURL,
		Ready:          p.Store.Ready,
		Gauges:         p.gauges(),
		MaxInFlight:    c.MaxInFlight,
		MetricsToken:   c.MetricsToken,
		BodyGrace:      c.BodyGrace,
		BodyMinRate:    c.BodyMinRate,
		SpoolDir:       spoolDir(c.DataDir),
		TrustedProxies: c.Proxies,
		ProxyHeader:    c.ProxyHeader,
	}, p.Log)
	var err error
	if p.Uploads, err = p.uploads(); err != nil {
		return err
	}
	for _, register := range []func() error{p.registerAccount, p.registerResidents, p.registerStaff, p.registerMachines, p.registerAI} {
		if err := register(); err != nil {
			return err
		}
	}
	return nil
}

func (p *Platform) registerAccount() error {
	return account.Register(p.Web, account.Deps{Auth: p.Auth, Logger: p.Log})
}

// registerResidents registers the pages residents use.
func (p *Platform) registerResidents() error {
	oneLogin, err := p.oneLogin()
	if err != nil {
		return err
	}
	return frontdoor.Register(p.Web, frontdoor.Deps{OneLogin: oneLogin, Services: p.Registry, Cases: p.Cases, Drafts: p.Store, Blobs: p.Blobs,
		Scanner: p.Uploads.Scanner, Audit: p.Uploads.Audit, Addresses: people.AddressLookup{Gazetteer: p.Store},
		Places: people.Places{Store: p.Store}, Map: frontdoor.MapTiles{URL: p.Config.Map.Tiles, Attribution: p.Config.Map.Attribution},
		Areas: p.Config.Map.Areas, Now: p.Config.Now, Logger: p.Log,
		FormLimit: p.Config.Limits.Form, TrackLimit: p.Config.Limits.Track, Residents: p.residents(),
		Pay: p.payments(), Payments: p.Store})
}

// payments is GOV.UK Pay when an API key is configured; without one a
// service that takes a fee answers "Sorry, the service is unavailable" at
// "Accept and pay" rather than making a case nobody paid for.
func (p *Platform) payments() frontdoor.PaymentGateway {
	if c := p.payClient(); c != nil {
		return c
	}
	return nil
}

// residents offers resident accounts when the site knows its own address
// (the sign-in link needs it).
func (p *Platform) residents() *auth.Residents {
	if p.Config.BaseURL == "" {
		return nil
	}
	return &auth.Residents{Store: p.Store, Forms: p.Store, Now: p.Config.Now}
}

// pruneResidentLinks is the periodic task that forgets old sign-in links.
func (p *Platform) pruneResidentLinks(ctx context.Context) error {
	if r := p.residents(); r != nil {
		return r.PruneLinks(ctx)
	}
	return nil
}

// oneLogin is the council's GOV.UK One Login registration, when one is
// configured; its discovery document is read now, so that a wrong URL,
// client id or key stops start-up with a message naming the setting.
func (p *Platform) oneLogin() (*auth.OneLogin, error) {
	c := p.Config
	if c.OneLoginDiscoveryURL == "" && c.OneLoginClientID == "" && c.OneLoginKeyFile == "" {
		return nil, nil
	}
	if c.OneLoginDiscoveryURL == "" || c.OneLoginClientID == "" || c.OneLoginKeyFile == "" || c.BaseURL == "" {
		return nil, fmt.Errorf("GOV.UK One Login needs --onelogin-discovery-url, --onelogin-client-id, --onelogin-key-file and --base-url together")
	}
	key, err := auth.LoadOneLoginKey(c.OneLoginKeyFile)
	if err != nil {
		return nil, fmt.Errorf("--onelogin-key-file (GUILDHALL_ONELOGIN_KEY_FILE): %w", err)
	}
	base := strings.TrimRight(c.BaseURL, "/")
	ol, err := auth.NewOneLogin(context.Background(), auth.OneLoginConfig{DiscoveryURL: c.OneLoginDiscoveryURL,
		ClientID: c.OneLoginClientID, Key: key, KeyID: c.OneLoginKeyID, RedirectURL: base + frontdoor.PathOneLoginCallback,
		PostLogoutRedirectURL: base + frontdoor.PathSignedOut, HTTPClient: c.OneLoginHTTPClient, Now: c.Now})
	if err != nil {
		return nil, fmt.Errorf("--onelogin-discovery-url (GUILDHALL_ONELOGIN_DISCOVERY_URL): %w", err)
	}
	return ol, nil
}

// registerStaff registers the pages officers use.
func (p *Platform) registerStaff() error {
	if err := workspace.Register(p.Web, workspace.Deps{Cases: p.Cases, Services: p.Registry, Audit: p.Audit, Blobs: p.Blobs,
		Uploads: p.Uploads, AssistedURL: "/", Now: p.Config.Now, Logger: p.Log, CaseTools: p.caseTools}); err != nil {
		return err
	}
	if err := singleview.Register(p.Web, singleview.Deps{People: p.People, Services: p.Registry, Logger: p.Log}); err != nil {
		return err
	}
	if err := webrecords.Register(p.Web, webrecords.Deps{Records: p.Records, Documents: p.Documents, Search: p.Search, People: p.People,
		Uploads: p.Uploads, Blobs: p.Blobs, Tokens: p.Auth, Now: p.Config.Now, Logger: p.Log}); err != nil {
		return err
	}
	if err := dashboard.Register(p.Web, dashboard.Deps{Statistics: p.Statistics, Logger: p.Log}); err != nil {
		return err
	}
	return integrations.Register(p.Web, integrations.Deps{Webhooks: &webhooks.Registry{Store: p.Store}, Outbox: p.Store, Audit: p.Store, Logger: p.Log})
}

// registerMachines registers the JSON API, SCIM and Open311.
func (p *Platform) registerMachines() error {
	c := p.Config
	apiLimit := c.Limits.API
	if apiLimit == nil {
		apiLimit = web.NewLimiter(c.APIRate, max(1, int(c.APIRate*5)), 0)
	}
	api.Register(p.Web, api.Deps{Limiter: apiLimit, Cases: p.Cases, Services: p.Registry,
		Tokens: p.Auth, Idempotency: p.Store, Blobs: p.Blobs, Uploads: p.Uploads, Logger: p.Log})
	scim.Register(p.Web, scim.Deps{Auth: p.Auth, Token: c.SCIMToken, BaseURL: c.BaseURL, Logger: p.Log})
	open311.Register(p.Web, open311.Deps{Cases: p.Cases, Services: p.Registry, Tokens: p.Auth, Tickets: p.Store, Photos: photos{p.Blobs}, Uploads: p.Uploads,
		BaseURL: c.BaseURL, Changeset: p.now().UTC(), Logger: p.Log, Jurisdiction: c.Open311Jurisdiction, Contact: c.Open311Contact,
		Limiter: c.Limits.Open311})
	return p.registerOpenData()
}

// registerOpenData registers the open data catalogue, statistics, the
// disclosure log and CKAN's Action API (docs/open-data.md).
func (p *Platform) registerOpenData() error {
	c := p.Config
	figures, err := opendata.ParseFigures(c.PerformanceFigures)
	if err != nil {
		return err
	}
	p.OpenData = &opendata.Service{Store: p.Store, Services: p.Registry, SuppressBelow: c.OpenDataSuppressBelow,
		Publisher: c.CouncilName, BaseURL: c.BaseURL, Contact: c.OpenDataContact, Now: c.Now,
		Published:    opendata.Performance{Services: ids(c.PerformanceServices), Figures: figures},
		Transparency: &opendata.Transparency{Store: p.Store, Blobs: p.Blobs, SpoolDir: spoolDir(c.DataDir), Now: c.Now}}
	p.find = &search.Service{Services: p.Registry, Data: p.OpenData, Reports: p.Cases, Places: people.Places{Store: p.Store}, Now: c.Now}
	return webopendata.Register(p.Web, webopendata.Deps{Services: p.Registry, Logger: p.Log, Data: p.OpenData, Search: p.find})
}

// spoolDir holds large request bodies while they arrive: a folder in the
// data folder, so that uploads land on the disk sized for documents rather
// than a small /tmp; "" (os.TempDir) when it cannot be made.
func spoolDir(dataDir string) string {
	dir := filepath.Join(dataDir, "incoming")
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

// photos keeps Open311 photo uploads as documents.
type photos struct{ blobs blob.Store }

func (p photos) PutPhoto(ctx context.Context, name, contentType string, data []byte) (service.FileRef, error) {
	key, err := p.blobs.PutBytes(ctx, data)
	if err != nil {
		return service.FileRef{}, err
	}
	return service.FileRef{Key: key, Name: name, ContentType: contentType, Size: int64(len(data))}, nil
}

// uploads is the one upload path's configuration: documents kept in the
// blob store, malware scanned by clamd when --clamd is set, infected files
// audited.
func (p *Platform) uploads() (*web.Uploads, error) {
	u := &web.Uploads{Blobs: p.Blobs, Audit: p.Audit, Logger: p.Log}
	if p.Config.Clamd == "" {
		p.Log.Warn("uploads are not scanned for malware: set --clamd (GUILDHALL_CLAMD) to a ClamAV daemon")
		return u, nil
	}
	c, err := scan.Parse(p.Config.Clamd)
	if err != nil {
		return nil, fmt.Errorf("--clamd: %w", err)
	}
	u.Scanner = c
	if err := c.Ping(context.Background()); err != nil {
		p.Log.Error("the virus scanner is not answering: uploads are refused until it does", "clamd", p.Config.Clamd, "err", err)
	}
	return u, nil
}

// caseTools are other areas' links shown on a case page to an officer who
// may work the case: the AI area's help, and for a data protection rights
// request the records area's page that finds the person and plans the
// erasure (which checks the officer's role itself).
func (p *Platform) caseTools(c cases.Case) []web.NavItem {
	out := p.aiCaseTools(c)
	if c.ServiceID == records.RightsServiceID {
		out = append(out, web.NavItem{Text: "Find the person and plan what to erase", Href: webrecords.PathRights + "/" + url.PathEscape(c.Ref)})
	}
	return out
}

// ids splits a comma-separated list, leaving out empty entries.
func ids(list string) []string {
	var out []string
	for _, id := range strings.Split(list, ",") {
		if id = strings.TrimSpace(id); id != "" {
			out = append(out, id)
		}
	}
	return out
}
