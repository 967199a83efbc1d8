package notify

import (
	"log/slog"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// The backends NewSender can choose.
const (
	BackendLog    = "log"
	BackendNotify = "notify"
	BackendSMTP   = "smtp"
)

// Config is the notify part of the server configuration. cmd/guildhall fills
// it from flags and GUILDHALL_* variables:
//
//	--notify-backend          GUILDHALL_NOTIFY_BACKEND          log | notify | smtp; empty chooses
//	                                                            notify if an API key is set, else smtp
//	                                                            if an SMTP address is set, else log
//	--notify-api-key          GUILDHALL_NOTIFY_API_KEY          {key_name}-{service_id}-{secret}
//	--notify-base-url         GUILDHALL_NOTIFY_BASE_URL         default https://api.notifications.service.gov.uk
//	--notify-email-template   GUILDHALL_NOTIFY_EMAIL_TEMPLATE   template with subject ((subject)), body ((body))
//	--notify-sms-template     GUILDHALL_NOTIFY_SMS_TEMPLATE     template with body ((body))
//	--notify-email-reply-to   GUILDHALL_NOTIFY_EMAIL_REPLY_TO   optional email_reply_to_id (a UUID from Notify)
//	--notify-sms-sender       GUILDHALL_NOTIFY_SMS_SENDER       optional sms_sender_id (a UUID from Notify)
//	--notify-check-reference  GUILDHALL_NOTIFY_CHECK_REFERENCE  look up the reference before sending (default true)
//	--notify-timeout          GUILDHALL_NOTIFY_TIMEOUT          per request, default 30s
//	--smtp-addr               GUILDHALL_SMTP_ADDR               host:port, e.g. smtp.council.gov.uk:587
//	--smtp-from               GUILDHALL_SMTP_FROM               notifications@council.gov.uk
//	--smtp-from-name          GUILDHALL_SMTP_FROM_NAME          optional display name, e.g. "Anytown Council"
//	--smtp-username           GUILDHALL_SMTP_USERNAME           optional; PLAIN auth, only over TLS
//	--smtp-password           GUILDHALL_SMTP_PASSWORD
//	--smtp-require-tls        GUILDHALL_SMTP_REQUIRE_TLS        refuse to send if STARTTLS is not offered
//	--smtp-implicit-tls       GUILDHALL_SMTP_IMPLICIT_TLS       TLS from the start (port 465) instead of STARTTLS
//	--notify-log-body         GUILDHALL_NOTIFY_LOG_BODY         log backend only: include bodies (development only)
type Config struct {
	Backend string

	NotifyAPIKey         string
	NotifyBaseURL        string
	NotifyEmailTemplate  string
	NotifySMSTemplate    string
	NotifyEmailReplyToID string
	NotifySMSSenderID    string
	NotifyCheckReference bool
	NotifyTimeout        time.Duration

	SMTPAddr        string
	SMTPFrom        string
	SMTPFromName    string
	SMTPUsername    string
	SMTPPassword    string
	SMTPRequireTLS  bool
	SMTPImplicitTLS bool
	SMTPHello       string

	LogBody bool
}

// NewSender returns the sender cfg asks for. Errors are of kind fault.Invalid
// and never contain the API key's secret.
func NewSender(cfg Config, logger *slog.Logger) (Sender, error) {
	if logger == nil {
		logger = slog.Default()
	}
	switch cfg.backend() {
	case BackendLog:
		return &LogSender{Logger: logger, IncludeBody: cfg.LogBody}, nil
	case BackendNotify:
		return cfg.notifySender()
	case BackendSMTP:
		return cfg.smtpSender()
	}
	return nil, fault.New(fault.Invalid, "notify: unknown backend %q (want log, notify or smtp)", cfg.Backend)
}

func (cfg Config) backend() string {
	switch {
	case cfg.Backend != "":
		return cfg.Backend
	case cfg.NotifyAPIKey != "":
		return BackendNotify
	case cfg.SMTPAddr != "":
		return BackendSMTP
	}
	return BackendLog
}

func (cfg Config) notifySender() (Sender, error) {
	timeout := cfg.NotifyTimeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	s, err := NewNotifySender(cfg.NotifyAPIKey, cfg.NotifyBaseURL, timeout)
	if err != nil {
		return nil, err
	}
	if cfg.NotifyEmailTemplate == "" && cfg.NotifySMSTemplate == "" {
		return nil, fault.New(fault.Invalid, "notify: set --notify-email-template or --notify-sms-template")
	}
	for _, id := range []string{cfg.NotifyEmailTemplate, cfg.NotifySMSTemplate, cfg.NotifyEmailReplyToID, cfg.NotifySMSSenderID} {
		if id != "" && !isUUID(id) {
			return nil, fault.New(fault.Invalid, "notify: template, reply-to or sender id %q is not a UUID", id)
		}
	}
	s.EmailTemplate, s.SMSTemplate = cfg.NotifyEmailTemplate, cfg.NotifySMSTemplate
	s.EmailReplyToID, s.SMSSenderID = cfg.NotifyEmailReplyToID, cfg.NotifySMSSenderID
	s.CheckReference = cfg.NotifyCheckReference
	return s, nil
}

func (cfg Config) smtpSender() (Sender, error) {
	if cfg.SMTPAddr == "" || cfg.SMTPFrom == "" {
		return nil, fault.New(fault.Invalid, "notify: SMTP needs --smtp-addr and --smtp-from")
	}
	if err := validEmail("config", cfg.SMTPFrom); err != nil {
		return nil, fault.New(fault.Invalid, "notify: --smtp-from %q is not a bare email address", cfg.SMTPFrom)
	}
	return &SMTPSender{
		Addr: cfg.SMTPAddr, From: cfg.SMTPFrom, FromName: cfg.SMTPFromName,
		Username: cfg.SMTPUsername, Password: cfg.SMTPPassword,
		RequireTLS: cfg.SMTPRequireTLS, ImplicitTLS: cfg.SMTPImplicitTLS, Hello: cfg.SMTPHello,
	}, nil
}
