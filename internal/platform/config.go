package platform

import (
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/web"
	"github.com/guildhall-platform/guildhall/services"
)

// Config is what the wiring reads. cmd/guildhall fills the flag-backed
// fields from flags and GUILDHALL_* variables; tests fill the rest (an open
// store, a clock, their own service definitions) so that they run the same
// wiring serve runs.
type Config struct {
	DataDir     string
	DatabaseURL string
	ServicesDir string
	// FilePlan is the council's file plan (YAML); empty means the bundled default.
	FilePlan string
	// PartnerDomains are the email domains whose people may be members of
	// OFFICIAL-SENSITIVE collaboration spaces; CouncilDomains the council's
	// own (comma-separated lists).
	PartnerDomains string
	CouncilDomains string
	// TrustedNetworks are the council's networks (CIDR ranges, comma
	// separated): partners signing in from them may do without a second
	// factor. Networks is it parsed (cmd/guildhall's validate fills it).
	TrustedNetworks string
	Networks        []netip.Prefix
	BaseURL         string
	CouncilName     string
	// CouncilNameCy is the council's name in Welsh, on Welsh pages and in
	// Welsh messages; empty uses CouncilName.
	CouncilNameCy string
	SQLiteSync    string
	TeamMailbox   string
	// NearbyMetres is how far around a new report residents are shown open
	// reports of the same service (cases.DefaultNearbyMetres when zero).
	NearbyMetres int
	// Map is the location question's map and the council's area (maps.go).
	Map MapConfig
	// Clamd is where ClamAV's daemon listens (tcp://host:port or unix:/path);
	// empty: uploads are not scanned for malware.
	Clamd       string
	MaxInFlight int
	APIRate     float64
	OutboxLease time.Duration
	SecretTTL   time.Duration

	BodyGrace   time.Duration
	BodyMinRate float64

	MetricsToken string

	// AI configures the AI features (ai.go).
	AI AIConfig

	Open311Jurisdiction string
	Open311Contact      string
	// OpenDataSuppressBelow hides counts from 1 to this minus one in
	// published statistics (0: the default, 5); OpenDataContact is the email
	// address open data catalogues give for questions.
	OpenDataSuppressBelow int
	OpenDataContact       string
	// PerformanceServices and PerformanceFigures choose what the public
	// performance page shows: comma-separated service ids (empty: every
	// service that publishes open data) and figure names (empty: all, see
	// opendata.Figures).
	PerformanceServices string
	PerformanceFigures  string

	TrustedProxies string
	ProxyHeader    string
	// Proxies is TrustedProxies parsed (cmd/guildhall's validate fills it).
	Proxies []netip.Prefix
	// CrashAfterCommit is GUILDHALL_TEST_CRASH_AFTER_COMMIT: a test hook, see crashhook.go.
	CrashAfterCommit int

	NotifyAPIKey string
	// PayAPIKey is the GOV.UK Pay API key that services with a payment:
	// block take fees with; PayBaseURL its API (a local one in tests).
	PayAPIKey           string
	PayBaseURL          string
	NotifyBaseURL       string
	NotifyEmailTemplate string
	NotifySMSTemplate   string
	SMTPAddr            string
	SMTPFrom            string
	SMTPUser            string
	SMTPPassword        string

	// OneLoginDiscoveryURL, OneLoginClientID and OneLoginKeyFile (a PEM
	// private key; OneLoginKeyID its kid, if One Login was given one) offer
	// residents GOV.UK One Login beside the emailed link (docs/deploy.md).
	OneLoginDiscoveryURL string
	OneLoginClientID     string
	OneLoginKeyFile      string
	OneLoginKeyID        string

	OIDCIssuer       string
	OIDCClientID     string
	OIDCClientSecret string
	OIDCGroupMap     string
	SCIMToken        string
	OIDCRequireMFA   bool
	PeopleTrust      string
	// PeopleSourceRoles limits imported sources to roles: "council-tax=revenues_officer,information_governance;…".
	PeopleSourceRoles string
	PeopleLinkEvery   time.Duration
	// DefinitionsPoll is how often this node looks for definitions
	// published by another (default DefaultDefinitionsPoll).
	DefinitionsPoll time.Duration

	// Blobs is where documents are kept: a folder, or an s3:// URL (blobs.go).
	Blobs       string
	S3AccessKey string
	S3SecretKey string
	// SecretKeyFile holds the platform's secret key (default DataDir/secret.key).
	SecretKeyFile string
	// AuditKeyFile keys the audit chain and signs its checkpoints; it lives
	// outside the database (default DataDir/audit.key).
	AuditKeyFile         string
	AuditCheckpoints     string
	AuditCheckpointEvery time.Duration
	AuditSyslog          string

	// The fields below have no flag: a test sets them to run the real wiring
	// on its own database, definitions and clock.

	// Store, when set, is an open, migrated store New uses (and does not
	// close) instead of opening DataDir or DatabaseURL.
	Store *store.Store
	// Services, when set, is the folder of definitions instead of
	// ServicesDir or the bundled ones.
	Services fs.FS
	// Now is the clock of cases, audit, the outbox and the web areas (default time.Now).
	Now func() time.Time
	// Logger receives the platform's logs (default slog.Default()).
	Logger *slog.Logger
	// OneLoginHTTPClient talks to One Login (a test's provider; a client
	// with a timeout when nil).
	OneLoginHTTPClient *http.Client
	// Limits replace the rate limits serve uses, for tests of the limits
	// themselves and tests that post faster than a person could.
	Limits Limits
}

// Limits are rate limiters that replace serve's; a nil one keeps serve's.
type Limits struct {
	API, Open311, Form, Track *web.Limiter
}

// AuditKeyPath is --audit-key, or audit.key in the data folder.
func (c *Config) AuditKeyPath() string {
	if c.AuditKeyFile != "" {
		return c.AuditKeyFile
	}
	return filepath.Join(c.DataDir, "audit.key")
}

// SecretKeyPath is --secret-key-file, or secret.key in the data folder.
func (c *Config) SecretKeyPath() string {
	if c.SecretKeyFile != "" {
		return c.SecretKeyFile
	}
	return filepath.Join(c.DataDir, "secret.key")
}

// CheckpointPath is --audit-checkpoints, or audit-checkpoints.jsonl in the data folder.
func (c *Config) CheckpointPath() string {
	if c.AuditCheckpoints != "" {
		return c.AuditCheckpoints
	}
	return filepath.Join(c.DataDir, "audit-checkpoints.jsonl")
}

// DefinitionsFS is the folder of definitions to load: Services, --services,
// or the bundled ones.
func (c *Config) DefinitionsFS() fs.FS {
	switch {
	case c.Services != nil:
		return c.Services
	case c.ServicesDir != "":
		return os.DirFS(c.ServicesDir)
	}
	return services.FS
}

// SourceRoles parses --people-source-roles: "source=role,role;source=role".
func SourceRoles(s string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, part := range strings.Split(s, ";") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		src, roles, ok := strings.Cut(part, "=")
		src = strings.TrimSpace(src)
		list := SplitList(roles)
		if !ok || src == "" || len(list) == 0 {
			return nil, fmt.Errorf("--people-source-roles %q: want source=role,role;source=role", part)
		}
		out[src] = list
	}
	return out, nil
}

// SplitList splits a comma-separated flag value, dropping empty items.
func SplitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
