package webhooks

import (
	"crypto/rand"
	"encoding/base64"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// EventTypes are the event types an endpoint may subscribe to, one per case
// event kind.
var EventTypes = []string{
	"case.submitted", "case.transitioned", "case.assigned",
	"case.note", "case.attachment", "case.overdue",
}

// Endpoint is one registered receiver of deliveries.
type Endpoint struct {
	ID  int64
	URL string
	// Secret signs deliveries. It is stored because signing needs it, shown to
	// the administrator once when the endpoint is created, and never again.
	Secret      string
	Description string
	// Events lists the event types wanted; at least one.
	Events []string
	// Services are the service ids whose events are delivered. Empty means
	// none (an endpoint must choose); AllServices ("*") means every service.
	Services  []string
	Active    bool
	CreatedAt time.Time
	CreatedBy string
}

// Matches reports whether e wants an event of type typ about service id.
func (e *Endpoint) Matches(typ, serviceID string) bool {
	if !e.Active || !slices.Contains(e.Events, typ) {
		return false
	}
	return slices.Contains(e.Services, AllServices) || slices.Contains(e.Services, serviceID)
}

// AllServices, as an endpoint's only service, delivers the events of every
// service: a choice an administrator makes, never a default.
const AllServices = "*"

// Validate checks the URL, events and services. It returns *ValidationError,
// which is of kind fault.Invalid.
func (e *Endpoint) Validate() error {
	var v ValidationError
	if err := CheckURL(e.URL); err != nil {
		v.add("url", err.Error())
	}
	if len(e.Events) == 0 {
		v.add("events", "Choose at least one event type")
	}
	for _, ev := range e.Events {
		if !slices.Contains(EventTypes, ev) {
			v.add("events", "Unknown event type "+ev)
		}
	}
	if len(e.Services) == 0 {
		v.add("services", "Enter the services whose events this endpoint receives, or * for every service")
	}
	for _, s := range e.Services {
		if strings.TrimSpace(s) == "" {
			v.add("services", "A service id is empty")
		}
	}
	if slices.Contains(e.Services, AllServices) && len(e.Services) > 1 {
		v.add("services", "Enter * on its own for every service, or list service ids")
	}
	return v.err()
}

// CheckURL refuses anything but an absolute http or https URL with a host and
// no credentials. Whether the host may be a private address is decided when
// dialling (see Deliverer.AllowPrivate), because DNS can change after
// registration. It returns an error of kind fault.Invalid.
func CheckURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fault.Wrap(fault.Invalid, err, "webhook URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fault.New(fault.Invalid, "webhook URL must start with https:// or http://")
	}
	if u.Hostname() == "" {
		return fault.New(fault.Invalid, "webhook URL must name a host")
	}
	if u.User != nil {
		return fault.New(fault.Invalid, "webhook URL must not contain a user name or password")
	}
	return nil
}

// NewSecret returns a fresh random signing secret, "whsec_" and 32 random bytes.
func NewSecret() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand since Go 1.24)
	return "whsec_" + base64.RawURLEncoding.EncodeToString(b)
}

// FieldError is one problem with one field of an endpoint.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// ValidationError lists the problems with an endpoint; it wraps fault.Invalid.
type ValidationError struct{ Fields []FieldError }

func (v *ValidationError) add(field, msg string) {
	v.Fields = append(v.Fields, FieldError{Field: field, Message: msg})
}

func (v *ValidationError) err() error {
	if len(v.Fields) == 0 {
		return nil
	}
	return v
}

// Error lists the problems.
func (v *ValidationError) Error() string {
	parts := make([]string, len(v.Fields))
	for i, f := range v.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return "invalid webhook endpoint: " + strings.Join(parts, "; ")
}

// Unwrap makes errors.Is(err, fault.Invalid) hold.
func (v *ValidationError) Unwrap() error { return fault.Invalid }

// PublicMessage is the list of field problems: written for the caller.
func (v *ValidationError) PublicMessage() string { return v.Error() }
