package main

import (
	"flag"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/opendata"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/scan"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// config is everything serve needs, from flags and GUILDHALL_* variables.
// A flag given on the command line wins over the environment, which wins over the default.
type config struct {
	// Config is what the wiring reads; the rest is serve's own.
	platform.Config
	Addr          string
	LogFormat     string
	LogLevel      string
	ShutdownGrace time.Duration
	MetricsAddr   string
	// MemoryLimitMiB is the Go runtime's soft memory limit (memory.go).
	MemoryLimitMiB int
	// TestClockOffset is GUILDHALL_TEST_CLOCK_OFFSET: a test hook, see testclock.go.
	TestClockOffset string
}

// bindStore registers the flags every database command shares.
func (c *config) bindStore(fs *flag.FlagSet, getenv func(string) string) {
	def := platform.Defaults()
	str(fs, getenv, &c.DataDir, "data", "GUILDHALL_DATA", def.DataDir, "folder for the SQLite database and documents")
	str(fs, getenv, &c.DatabaseURL, "database", "GUILDHALL_DATABASE_URL", "", "PostgreSQL URL (postgres://…); empty means embedded SQLite in --data")
	str(fs, getenv, &c.SQLiteSync, "sqlite-sync", "GUILDHALL_SQLITE_SYNC", def.SQLiteSync, "SQLite synchronous mode: full (survives power loss) or normal (survives a crash of the process only)")
	str(fs, getenv, &c.Blobs, "blobs", "GUILDHALL_BLOBS", "", "where documents are kept: a folder, or s3://BUCKET/PREFIX?region=eu-west-2 (Amazon S3) or s3://BUCKET/PREFIX?endpoint=http://host:9000 (any S3-compatible server), shared by every node (default DATA/documents)")
	str(fs, getenv, &c.S3AccessKey, "s3-access-key-id", "GUILDHALL_S3_ACCESS_KEY_ID", "", "access key id for an s3:// --blobs bucket")
	str(fs, getenv, &c.S3SecretKey, "s3-secret-access-key", "GUILDHALL_S3_SECRET_ACCESS_KEY", "", "secret access key for an s3:// --blobs bucket")
	str(fs, getenv, &c.SecretKeyFile, "secret-key-file", "GUILDHALL_SECRET_KEY_FILE", "", "file holding the platform's secret key (64 hex digits): it encrypts second-factor secrets and signs form tokens, so every node must read the same key; created (mode 0600) when missing (default DATA/secret.key)")
	str(fs, getenv, &c.AuditKeyFile, "audit-key", "GUILDHALL_AUDIT_KEY", "", "file holding the audit log's key, outside the database; created (mode 0600) when missing on a log not yet keyed; back it up apart from the database (default DATA/audit.key)")
}

// bindCheckpoints registers where audit checkpoints are written and read.
func (c *config) bindCheckpoints(fs *flag.FlagSet, getenv func(string) string) {
	str(fs, getenv, &c.AuditCheckpoints, "audit-checkpoints", "GUILDHALL_AUDIT_CHECKPOINTS", "", "append-only file of signed audit checkpoints, outside the database (default DATA/audit-checkpoints.jsonl)")
}

// bindSecretTTL registers the lifetime of one-time secrets (serve and admin).
func (c *config) bindSecretTTL(fs *flag.FlagSet, getenv func(string) string) {
	def := platform.Defaults()
	dur(fs, getenv, &c.SecretTTL, "one-time-secret-ttl", "GUILDHALL_ONE_TIME_SECRET_TTL", def.SecretTTL, "how long a one-time sign-in secret (first administrator, new account, reset) works before it expires")
}

// bind registers serve's flags.
func (c *config) bind(fs *flag.FlagSet, getenv func(string) string) {
	def := platform.Defaults()
	c.bindStore(fs, getenv)
	c.bindSecretTTL(fs, getenv)
	str(fs, getenv, &c.Addr, "addr", "GUILDHALL_ADDR", "127.0.0.1:8080", "address to listen on")
	str(fs, getenv, &c.Clamd, "clamd", "GUILDHALL_CLAMD", "", "ClamAV daemon that scans every upload, tcp://host:port or unix:/run/clamav/clamd.ctl; while it is down uploads are refused (empty: no malware scan)")
	c.bindAI(fs, getenv)
	c.bindMap(fs, getenv)
	str(fs, getenv, &c.ServicesDir, "services", "GUILDHALL_SERVICES", "", "folder of service definitions (reloaded on SIGHUP); empty means the bundled services")
	str(fs, getenv, &c.PartnerDomains, "partner-domains", "GUILDHALL_PARTNER_DOMAINS", "", "email domains of partner organisations approved for OFFICIAL-SENSITIVE collaboration spaces, comma-separated (police.example.uk,nhs.net)")
	str(fs, getenv, &c.TrustedNetworks, "trusted-networks", "GUILDHALL_TRUSTED_NETWORKS", "", "the council's own networks, CIDR ranges comma-separated (10.0.0.0/8): partners signing in from them may do without a second factor, matched against the client address --trusted-proxies gives (empty: none)")
	str(fs, getenv, &c.CouncilDomains, "council-domains", "GUILDHALL_COUNCIL_DOMAINS", "", "the council's own email domains, comma-separated: its staff may join any space")
	str(fs, getenv, &c.FilePlan, "file-plan", "GUILDHALL_FILE_PLAN", "", "the council's file plan (YAML; check it with guildhall fileplan check); empty means the bundled default plan")
	str(fs, getenv, &c.LogFormat, "log-format", "GUILDHALL_LOG_FORMAT", "", "log format: text or json (default text on a terminal, json otherwise)")
	str(fs, getenv, &c.LogLevel, "log-level", "GUILDHALL_LOG_LEVEL", "info", "log level: debug, info, warn, error")
	str(fs, getenv, &c.BaseURL, "base-url", "GUILDHALL_BASE_URL", "", "public URL of the site, e.g. https://services.example.gov.uk (default http://ADDR)")
	str(fs, getenv, &c.CouncilName, "council-name", "GUILDHALL_COUNCIL_NAME", def.CouncilName, "the council's name in the page header")
	str(fs, getenv, &c.CouncilNameCy, "council-name-cy", "GUILDHALL_COUNCIL_NAME_CY", "", "the council's name in Welsh (Cyngor Sir Ddinbych), for its Welsh pages and messages (empty: the English name)")
	str(fs, getenv, &c.TeamMailbox, "team-mailbox", "GUILDHALL_TEAM_MAILBOX", "", "email address for team notifications, with {team} replaced by the team id (e.g. {team}@example.gov.uk)")
	num(fs, getenv, &c.NearbyMetres, "nearby-metres", "GUILDHALL_NEARBY_METRES", def.NearbyMetres, "how far around a new report, in metres, residents are shown open reports of the same service to follow instead")
	num(fs, getenv, &c.MaxInFlight, "max-in-flight", "GUILDHALL_MAX_IN_FLIGHT", def.MaxInFlight, "requests handled at once; above it new ones get 503 with Retry-After (0: no limit)")
	num(fs, getenv, &c.MemoryLimitMiB, "memory-limit", "GUILDHALL_MEMORY_LIMIT", 0, "soft memory limit of the process in MiB: the runtime collects harder near it (0: GOMEMLIMIT, or none)")
	rate(fs, getenv, &c.APIRate, "api-rate", "GUILDHALL_API_RATE", def.APIRate, "API requests a second allowed per token on average (bursts of five times that)")
	dur(fs, getenv, &c.OutboxLease, "outbox-lease", "GUILDHALL_OUTBOX_LEASE", def.OutboxLease, "how long a notification or webhook being sent stays claimed; after a crash it is retried once this has passed")
	dur(fs, getenv, &c.BodyGrace, "body-grace", "GUILDHALL_BODY_GRACE", def.BodyGrace, "time a request body may take before --body-min-rate applies")
	rate(fs, getenv, &c.BodyMinRate, "body-min-rate", "GUILDHALL_BODY_MIN_RATE", def.BodyMinRate, "bytes a second a request body must average after --body-grace, or it is cut off with 408 (bodies are received before a request takes one of --max-in-flight)")
	str(fs, getenv, &c.MetricsAddr, "metrics-addr", "GUILDHALL_METRICS_ADDR", "", "a second address serving only /metrics, /healthz and /readyz, for the monitoring network (e.g. 10.0.0.5:9090)")
	str(fs, getenv, &c.Open311Jurisdiction, "open311-jurisdiction", "GUILDHALL_OPEN311_JURISDICTION", "", "the only jurisdiction_id Open311 clients may send (empty: any); FixMyStreet sends the one it is configured with")
	str(fs, getenv, &c.Open311Contact, "open311-contact", "GUILDHALL_OPEN311_CONTACT", "", "contact shown in Open311 discovery: the email address or page of the team that runs the integration")
	num(fs, getenv, &c.OpenDataSuppressBelow, "opendata-min-count", "GUILDHALL_OPENDATA_MIN_COUNT", def.OpenDataSuppressBelow, "smallest count published in statistics: a count from 1 to this minus one shows as \"fewer than\" it, so that small groups cannot be singled out")
	str(fs, getenv, &c.OpenDataContact, "opendata-contact", "GUILDHALL_OPENDATA_CONTACT", "", "email address the open data catalogue (DCAT, CKAN API) gives for questions about the data")
	str(fs, getenv, &c.PerformanceServices, "performance-services", "GUILDHALL_PERFORMANCE_SERVICES", "", "services whose figures the public performance page (/performance) shows, comma-separated ids in page order (empty: every service that publishes open data)")
	str(fs, getenv, &c.PerformanceFigures, "performance-figures", "GUILDHALL_PERFORMANCE_FIGURES", "", "figures the performance page shows, comma-separated: received, closed, days-to-close, in-time, satisfied (empty: all)")
	str(fs, getenv, &c.MetricsToken, "metrics-token", "GUILDHALL_METRICS_TOKEN", "", "bearer token /metrics requires; without it (and without --metrics-addr) /metrics is not served")
	str(fs, getenv, &c.TrustedProxies, "trusted-proxies", "GUILDHALL_TRUSTED_PROXIES", "", "CIDR ranges of the reverse proxies whose forwarding header gives the client's address, e.g. 10.0.0.0/8,2001:db8::/32 (empty: trust none, use the peer address)")
	str(fs, getenv, &c.ProxyHeader, "proxy-header", "GUILDHALL_PROXY_HEADER", def.ProxyHeader, "the header the trusted proxies write: X-Forwarded-For or Forwarded (RFC 7239); the other is ignored")
	dur(fs, getenv, &c.ShutdownGrace, "shutdown-grace", "GUILDHALL_SHUTDOWN_GRACE", 20*time.Second, "how long SIGTERM waits for requests in flight")
	str(fs, getenv, &c.PayAPIKey, "pay-api-key", "GUILDHALL_PAY_API_KEY", "", "GOV.UK Pay API key; services with a payment: block take fees through GOV.UK Pay only when it is set")
	str(fs, getenv, &c.PayBaseURL, "pay-base-url", "GUILDHALL_PAY_BASE_URL", def.PayBaseURL, "GOV.UK Pay API base URL")
	str(fs, getenv, &c.NotifyAPIKey, "notify-api-key", "GUILDHALL_NOTIFY_API_KEY", "", "GOV.UK Notify API key; set to send email and SMS through Notify")
	str(fs, getenv, &c.NotifyBaseURL, "notify-base-url", "GUILDHALL_NOTIFY_BASE_URL", def.NotifyBaseURL, "GOV.UK Notify API base URL")
	str(fs, getenv, &c.NotifyEmailTemplate, "notify-email-template", "GUILDHALL_NOTIFY_EMAIL_TEMPLATE", "", "Notify email template id with ((subject)) and ((body)) placeholders")
	str(fs, getenv, &c.NotifySMSTemplate, "notify-sms-template", "GUILDHALL_NOTIFY_SMS_TEMPLATE", "", "Notify SMS template id with a ((body)) placeholder")
	str(fs, getenv, &c.SMTPAddr, "smtp-addr", "GUILDHALL_SMTP_ADDR", "", "SMTP server host:port; set to send email by SMTP")
	str(fs, getenv, &c.SMTPFrom, "smtp-from", "GUILDHALL_SMTP_FROM", "", "sender address for SMTP email")
	str(fs, getenv, &c.SMTPUser, "smtp-user", "GUILDHALL_SMTP_USER", "", "SMTP user name")
	str(fs, getenv, &c.SMTPPassword, "smtp-password", "GUILDHALL_SMTP_PASSWORD", "", "SMTP password")
	str(fs, getenv, &c.OneLoginDiscoveryURL, "onelogin-discovery-url", "GUILDHALL_ONELOGIN_DISCOVERY_URL", "", "GOV.UK One Login's discovery URL, to offer residents One Login beside the emailed link (docs/deploy.md)")
	str(fs, getenv, &c.OneLoginClientID, "onelogin-client-id", "GUILDHALL_ONELOGIN_CLIENT_ID", "", "the client id GOV.UK One Login gave the council")
	str(fs, getenv, &c.OneLoginKeyFile, "onelogin-key-file", "GUILDHALL_ONELOGIN_KEY_FILE", "", "PEM private key (RSA 2048+ or EC P-256) whose public key is registered with GOV.UK One Login")
	str(fs, getenv, &c.OneLoginKeyID, "onelogin-key-id", "GUILDHALL_ONELOGIN_KEY_ID", "", "kid to send with the One Login client assertion, if One Login gave the key one")
	str(fs, getenv, &c.OIDCIssuer, "oidc-issuer", "GUILDHALL_OIDC_ISSUER", "", "OpenID Connect issuer URL for staff single sign-on (Entra ID, Keycloak)")
	str(fs, getenv, &c.OIDCClientID, "oidc-client-id", "GUILDHALL_OIDC_CLIENT_ID", "", "OpenID Connect client id")
	str(fs, getenv, &c.OIDCClientSecret, "oidc-client-secret", "GUILDHALL_OIDC_CLIENT_SECRET", "", "OpenID Connect client secret")
	str(fs, getenv, &c.OIDCGroupMap, "oidc-group-map", "GUILDHALL_OIDC_GROUP_MAP", "", "SSO group to grants, e.g. 'grp-highways=officer@highways;grp-audit=auditor@*'")
	boolean(fs, getenv, &c.OIDCRequireMFA, "oidc-require-mfa", "GUILDHALL_OIDC_REQUIRE_MFA", def.OIDCRequireMFA, "refuse SSO sign-ins whose ID token does not say a second factor was used (amr/acr)")
	str(fs, getenv, &c.PeopleSourceRoles, "people-source-roles", "GUILDHALL_PEOPLE_SOURCE_ROLES", "", "imported record sources seen only by some roles, e.g. 'council-tax=revenues_officer,information_governance;housing-register=housing_officer' (a source not listed is seen by all staff)")
	str(fs, getenv, &c.PeopleTrust, "people-trust", "GUILDHALL_PEOPLE_TRUST", "", "record sources for the single view, most trusted first (e.g. council-tax,electoral-register,case)")
	dur(fs, getenv, &c.PeopleLinkEvery, "people-link-every", "GUILDHALL_PEOPLE_LINK_EVERY", def.PeopleLinkEvery, "how often the people job picks up new cases and links the records waiting (it reads nothing when none wait)")
	dur(fs, getenv, &c.DefinitionsPoll, "definitions-poll", "GUILDHALL_DEFINITIONS_POLL", def.DefinitionsPoll, "how often this node looks in the database for service definitions another node published (at its start or on SIGHUP)")
	c.bindCheckpoints(fs, getenv)
	dur(fs, getenv, &c.AuditCheckpointEvery, "audit-checkpoint-every", "GUILDHALL_AUDIT_CHECKPOINT_EVERY", def.AuditCheckpointEvery, "how often a signed checkpoint of the audit log is written (when it has grown), besides at start and stop")
	str(fs, getenv, &c.AuditSyslog, "audit-syslog", "GUILDHALL_AUDIT_SYSLOG", "", "also send audit checkpoints to syslog: local, or udp://host:514, tcp://host:514")
	c.CrashAfterCommit, _ = strconv.Atoi(getenv("GUILDHALL_TEST_CRASH_AFTER_COMMIT")) // no flag: tests only
	c.TestClockOffset = getenv("GUILDHALL_TEST_CLOCK_OFFSET")                         // no flag: test builds only
	str(fs, getenv, &c.SCIMToken, "scim-token", "GUILDHALL_SCIM_TOKEN", "", "bearer token Entra ID uses for SCIM provisioning; empty disables /scim/v2")
}

// validate checks the configuration and fills derived defaults.
func (c *config) validate() error {
	var err error
	if c.Now, err = testClock(c.TestClockOffset); err != nil {
		return err
	}
	switch c.LogFormat {
	case "", "text", "json":
	default:
		return fmt.Errorf("--log-format %q (GUILDHALL_LOG_FORMAT): use text or json", c.LogFormat)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("--log-level %q (GUILDHALL_LOG_LEVEL): use debug, info, warn or error", c.LogLevel)
	}
	if err := c.validateAddresses(); err != nil {
		return err
	}
	switch c.SQLiteSync {
	case "full", "normal":
	default:
		return fmt.Errorf("--sqlite-sync %q (GUILDHALL_SQLITE_SYNC): use full or normal", c.SQLiteSync)
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		return fmt.Errorf("--database (GUILDHALL_DATABASE_URL) must be a postgres:// URL (leave it empty for embedded SQLite)")
	}
	if c.OpenDataSuppressBelow < 1 {
		return fmt.Errorf("--opendata-min-count (GUILDHALL_OPENDATA_MIN_COUNT) must be 1 or more (1 publishes every count)")
	}
	if _, err := opendata.ParseFigures(c.PerformanceFigures); err != nil {
		return fmt.Errorf("--performance-figures (GUILDHALL_PERFORMANCE_FIGURES): %s", fault.Public(err))
	}
	if c.AuditCheckpointEvery <= 0 {
		return fmt.Errorf("--audit-checkpoint-every (GUILDHALL_AUDIT_CHECKPOINT_EVERY) must be more than 0")
	}
	if c.MemoryLimitMiB < 0 {
		return fmt.Errorf("--memory-limit (GUILDHALL_MEMORY_LIMIT) must be 0 (no limit) or a number of MiB")
	}
	if c.DefinitionsPoll <= 0 {
		return fmt.Errorf("--definitions-poll (GUILDHALL_DEFINITIONS_POLL) must be more than 0")
	}
	if _, _, err := platform.SyslogAddr(c.AuditSyslog); err != nil {
		return err
	}
	if c.BodyGrace <= 0 || c.BodyMinRate <= 0 {
		return fmt.Errorf("--body-grace (GUILDHALL_BODY_GRACE) and --body-min-rate (GUILDHALL_BODY_MIN_RATE) must be more than 0")
	}
	if c.MaxInFlight < 0 || c.APIRate <= 0 || c.OutboxLease <= 0 || c.SecretTTL <= 0 {
		return fmt.Errorf("--max-in-flight (GUILDHALL_MAX_IN_FLIGHT) must be 0 or more; --api-rate, --outbox-lease and --one-time-secret-ttl (GUILDHALL_API_RATE, _OUTBOX_LEASE, _ONE_TIME_SECRET_TTL) more than 0")
	}
	if err := c.validateProxies(); err != nil {
		return err
	}
	if _, err := platform.SourceRoles(c.PeopleSourceRoles); err != nil {
		return err
	}
	if c.Clamd != "" {
		if _, err := scan.Parse(c.Clamd); err != nil {
			return fmt.Errorf("--clamd (GUILDHALL_CLAMD): %w", err)
		}
	}
	if _, err := c.OpenBlobs(); err != nil {
		return err
	}
	if err := c.Map.ReadBoundary(); err != nil {
		return err
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--base-url %q (GUILDHALL_BASE_URL): give an absolute http(s) URL", c.BaseURL)
	}
	return nil
}

// validateAddresses checks the listening addresses and the URLs of the
// services the platform talks to, so that a typo is found at start-up rather
// than at the first notification or sign-in.
func (c *config) validateAddresses() error {
	for _, a := range []struct{ flag, env, v string }{
		{"addr", "GUILDHALL_ADDR", c.Addr},
		{"metrics-addr", "GUILDHALL_METRICS_ADDR", c.MetricsAddr},
		{"smtp-addr", "GUILDHALL_SMTP_ADDR", c.SMTPAddr},
	} {
		if a.v == "" && a.flag != "addr" {
			continue
		}
		if _, port, err := net.SplitHostPort(a.v); err != nil || port == "" {
			return fmt.Errorf("--%s %q (%s): give host:port, e.g. 127.0.0.1:8080", a.flag, a.v, a.env)
		}
	}
	for _, u := range []struct{ flag, env, v string }{
		{"notify-base-url", "GUILDHALL_NOTIFY_BASE_URL", c.NotifyBaseURL},
		{"oidc-issuer", "GUILDHALL_OIDC_ISSUER", c.OIDCIssuer},
		{"onelogin-discovery-url", "GUILDHALL_ONELOGIN_DISCOVERY_URL", c.OneLoginDiscoveryURL},
	} {
		if u.v == "" {
			continue
		}
		if p, err := url.Parse(u.v); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return fmt.Errorf("--%s %q (%s): give an absolute http(s) URL", u.flag, u.v, u.env)
		}
	}
	return nil
}

// validateProxies parses --trusted-proxies and --proxy-header: a mistyped
// range stops start-up, because silently trusting nothing (or everything)
// would put every client behind the proxy under one rate limit.
func (c *config) validateProxies() error {
	var err error
	if c.Proxies, err = web.ParseTrustedProxies(c.TrustedProxies); err != nil {
		return fmt.Errorf("--trusted-proxies (GUILDHALL_TRUSTED_PROXIES): %w", err)
	}
	if c.Networks, err = web.ParseTrustedProxies(c.TrustedNetworks); err != nil {
		return fmt.Errorf("--trusted-networks (GUILDHALL_TRUSTED_NETWORKS): %w", err)
	}
	switch {
	case strings.EqualFold(c.ProxyHeader, web.HeaderXForwardedFor):
		c.ProxyHeader = web.HeaderXForwardedFor
	case strings.EqualFold(c.ProxyHeader, web.HeaderForwarded):
		c.ProxyHeader = web.HeaderForwarded
	default:
		return fmt.Errorf("--proxy-header %q (GUILDHALL_PROXY_HEADER): use X-Forwarded-For or Forwarded", c.ProxyHeader)
	}
	return nil
}

// The helpers below define a flag and attach its GUILDHALL_* variable,
// which parseFlags applies after the command line (see env.go).

func str(fs *flag.FlagSet, getenv func(string) string, p *string, name, env, def, usage string) {
	fs.StringVar(p, name, def, usage+" ($"+env+")")
	withEnv(fs, getenv, name, env)
}

func dur(fs *flag.FlagSet, getenv func(string) string, p *time.Duration, name, env string, def time.Duration, usage string) {
	fs.DurationVar(p, name, def, usage+" ($"+env+")")
	withEnv(fs, getenv, name, env)
}

func num(fs *flag.FlagSet, getenv func(string) string, p *int, name, env string, def int, usage string) {
	fs.IntVar(p, name, def, usage+" ($"+env+")")
	withEnv(fs, getenv, name, env)
}

func rate(fs *flag.FlagSet, getenv func(string) string, p *float64, name, env string, def float64, usage string) {
	fs.Float64Var(p, name, def, usage+" ($"+env+")")
	withEnv(fs, getenv, name, env)
}

func boolean(fs *flag.FlagSet, getenv func(string) string, p *bool, name, env string, def bool, usage string) {
	fs.BoolVar(p, name, def, usage+" ($"+env+")")
	withEnv(fs, getenv, name, env)
}
