package records

import (
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Document is a document held outside any case: a policy, minutes, a
// contract, a letter. Once declared a record, its content and key metadata
// never change.
type Document struct {
	ID             int64
	Title          string
	Description    string
	Author         string
	Date           string // YYYY-MM-DD the document bears, if known
	ClassID        string
	Classification service.Classification
	Team           string
	SpaceID        int64
	RelatedCases   []string
	CreatedBy      string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	DeclaredAt     *time.Time
	DeclaredBy     string
	Version        int
	// Versions is the history, oldest first (filled by Get).
	Versions []Version
}

// Declared reports whether the document is a record: fixed for good.
func (d Document) Declared() bool { return d.DeclaredAt != nil }

// Current is the newest version.
func (d Document) Current() Version {
	if len(d.Versions) == 0 {
		return Version{}
	}
	return d.Versions[len(d.Versions)-1]
}

// Version is one version of a document's content.
type Version struct {
	Number     int
	File       service.FileRef
	Note       string
	UploadedBy string
	UploadedAt time.Time
}

// resource is what the access policy needs to know about d.
func (d Document) resource(space *Space, partnerDomains []string) access.Resource {
	r := access.Resource{Team: d.Team, Classification: d.Classification, CreatedBy: d.CreatedBy, Record: &access.Record{}}
	if space != nil {
		r.Record.Space = &access.Space{Members: space.Members, PartnerDomains: partnerDomains}
	}
	return r
}

// NewDocument is what an officer gives when filing a document.
type NewDocument struct {
	Title, Description, Author, Date string
	ClassID                          string
	Classification                   service.Classification
	Team                             string
	SpaceID                          int64
	RelatedCases                     []string
	// File is the content, already checked and stored by the upload path.
	File service.FileRef
	Note string
}

// Space is a collaboration space: a team's place to share documents with
// named members, partners among them.
type Space struct {
	ID             int64
	Name           string
	Team           string
	Classification service.Classification
	Members        []string // email addresses
	CreatedBy      string
	CreatedAt      time.Time
}

// Hit is one search result: a document the reader may open, with a
// snippet of its text where the words matched («» mark them).
type Hit struct {
	Document Document
	Snippet  string
}

// DocumentQuestion is what a filed document must be, for the one upload
// path: the types it knows, up to 50 MB. The workspace, the API and bulk
// import all check files against it.
var DocumentQuestion = service.Question{ID: "file", Type: service.TypeFile, MaxBytes: 50 << 20,
	Accept: []string{service.MIMEPDF, service.MIMEDOCX, service.MIMEODT, service.MIMEText, service.MIMEPNG, service.MIMEJPEG, service.MIMEXLSX}}
