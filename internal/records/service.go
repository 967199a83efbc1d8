package records

import (
	"log/slog"
	"time"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// DraftRetentionDays is how long a resident's unsent answers are kept after
// they last changed. The privacy page states this number (DraftRetentionText).
const DraftRetentionDays = 7

// DraftRetentionText is how the privacy page says it.
const DraftRetentionText = "7 days"

// DefaultBatch is how many records one step of the retention job handles
// in one transaction: memory stays bounded whatever the size of the data.
const DefaultBatch = 200

// Service runs retention and serves the records manager.
type Service struct {
	Store Store
	Blobs Blobs
	// Services holds the definitions whose retention rules apply to cases.
	Services *service.Registry
	// Plan is the file plan whose classes' rules apply to documents.
	Plan *FilePlan
	// Search evaluates saved-search holds (see SearchFunc).
	Search SearchFunc
	// Correct and Refresh make an approved rectification (rectify.go).
	Correct CorrectFunc
	Refresh RefreshFunc
	// Now is the clock; time.Now when nil. Tests move it.
	Now    func() time.Time
	Batch  int
	Logger *slog.Logger
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func (s *Service) batch() int {
	if s.Batch > 0 {
		return s.Batch
	}
	return DefaultBatch
}

func (s *Service) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// Report counts what one retention run did.
type Report struct {
	DraftsDeleted int
	Listed        int
	Disposed      int
	Held          int
	BlobsDeleted  int
}
