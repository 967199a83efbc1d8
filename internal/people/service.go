package people

import (
	"log/slog"
	"sync"
	"time"

	"github.com/guildhall-platform/guildhall/internal/service"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/linkage"
)

// Policy describes a case to the access policy; *cases.Service implements
// it, so that the single view asks access.Decide exactly as case pages do.
type Policy interface {
	Resource(c cases.Case) access.Resource
}

// Service is the people and property API that the web, import command and
// background jobs call.
type Service struct {
	Store  Store
	Policy Policy
	// Services are the service definitions: a subject access export shows
	// question text, option labels, service names and state labels from
	// them; nil shows the stored ids and values.
	Services *service.Registry
	// SourceRoles are, by imported source (e.g. "council-tax"), the roles
	// whose holders may see its records, decided by access.Decide. A source
	// not listed is seen by all staff.
	SourceRoles map[string][]string
	// Blobs reads case documents into a subject access export; nil lists
	// them as missing.
	Blobs BlobReader
	// Trust is the survivorship source trust order, most trusted first.
	Trust Trust
	// Settings configure linkage; DefaultSettings when nil.
	Settings *linkage.Settings
	// FitSample bounds the records the model is estimated on
	// (DefaultFitSample when zero).
	FitSample int
	// Now is the clock; time.Now when nil.
	Now    func() time.Time
	Logger *slog.Logger

	linkMu sync.Mutex // one linkage run at a time in this process (the lease covers other nodes)
	status linkStatus
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func (s *Service) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// matcher matches typed addresses against the store's gazetteer.
func (s *Service) matcher() Matcher { return Matcher{Gazetteer: s.Store} }
