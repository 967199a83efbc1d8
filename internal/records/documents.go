package records

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// DocumentStore is what documents need of the database; store.Store
// implements it. Every method is one transaction.
type DocumentStore interface {
	// CreateDocument writes a document, its first version, its search text
	// and e, returning its id.
	CreateDocument(ctx context.Context, d Document, v Version, text string, e audit.Entry) (int64, error)
	// AddVersion writes version v and the new search text unless the
	// document is declared (ErrDeclared) or no longer at v.Number-1
	// (fault.Conflict).
	AddVersion(ctx context.Context, id int64, v Version, text string, e audit.Entry) error
	// Declare marks a document a record (ErrDeclared when it is already).
	Declare(ctx context.Context, id int64, by string, e audit.Entry) error
	// Document returns a document with its versions, or fault.NotFound.
	Document(ctx context.Context, id int64) (Document, error)
	// SearchDocuments returns up to limit of the newest documents holding
	// every word of q.Text and meeting q's filters, best first; the newest
	// updated when q.Text is blank. Its cost follows limit, not how many
	// documents hold the words.
	SearchDocuments(ctx context.Context, q DocumentQuery, limit int) ([]Document, error)
	// DocumentSnippets returns, for each of ids that holds the words of
	// text, a snippet of its text with the words marked « ».
	DocumentSnippets(ctx context.Context, text string, ids []int64) (map[int64]string, error)
	// Space returns a collaboration space, or fault.NotFound.
	Space(ctx context.Context, id int64) (Space, error)
	// CreateSpace writes a space and e, returning its id.
	CreateSpace(ctx context.Context, s Space, e audit.Entry) (int64, error)
	// SearchSpaces returns up to limit of the newest spaces meeting q.
	SearchSpaces(ctx context.Context, q SpaceQuery, limit int) ([]Space, error)
	// SpaceDocuments returns up to limit of a space's documents, the most
	// recently changed first.
	SpaceDocuments(ctx context.Context, spaceID int64, limit int) ([]Document, error)
	// AddSpaceMember adds a member with e (fault.Conflict when they are one).
	AddSpaceMember(ctx context.Context, spaceID int64, email, by string, at time.Time, e audit.Entry) error
	// AddSpaceNote writes a note with e, returning its id; e's detail
	// becomes the note's id.
	AddSpaceNote(ctx context.Context, n SpaceNote, e audit.Entry) (int64, error)
	// SpaceNotes returns up to limit of a space's notes, newest first.
	SpaceNotes(ctx context.Context, spaceID int64, limit int) ([]SpaceNote, error)
	AppendAudit(ctx context.Context, entries ...audit.Entry) error
	// AuditEntries returns the audit entries f selects, for a bag's trail.
	AuditEntries(ctx context.Context, f audit.Filter) ([]audit.Entry, error)
}

// ErrDeclared is a change refused because the document is a record.
var ErrDeclared = fault.New(fault.Conflict, "This document has been declared a record: its content and details cannot change")

// BlobReader opens stored bytes for text extraction.
type BlobReader interface {
	Open(ctx context.Context, key string) (io.ReadCloser, error)
}

// Documents is the service officers file documents through.
type Documents struct {
	Store DocumentStore
	Blobs BlobReader
	Plan  *FilePlan
	// Extract reads the words of a file for search; nil indexes metadata only.
	Extract *Extractor
	// PartnerDomains are the email domains an administrator approved for
	// partners in OFFICIAL-SENSITIVE spaces.
	PartnerDomains []string
	// CouncilDomains are the council's own email domains.
	CouncilDomains []string
	Now            func() time.Time
	Logger         *slog.Logger
}

func (s *Documents) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func (s *Documents) log() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

var datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// Create files a new document. Errors: fault.Invalid (field errors), fault.Forbidden.
func (s *Documents) Create(ctx context.Context, p access.Principal, nd NewDocument) (Document, error) {
	if err := s.checkNew(nd); err != nil {
		return Document{}, err
	}
	now := s.now()
	d := Document{Title: strings.TrimSpace(nd.Title), Description: strings.TrimSpace(nd.Description), Author: strings.TrimSpace(nd.Author),
		Date: nd.Date, ClassID: nd.ClassID, Classification: nd.Classification, Team: nd.Team, SpaceID: nd.SpaceID,
		RelatedCases: nd.RelatedCases, CreatedBy: p.UserID, CreatedAt: now, UpdatedAt: now, Version: 1}
	space, err := s.spaceOf(ctx, d)
	if err != nil {
		return Document{}, err
	}
	r := d.resource(space, s.PartnerDomains)
	r.CreatedBy = "" // filing it makes nobody its owner: the team or the space must be the filer's
	if !access.Decide(p, access.ActionCreate, r).Allow {
		return Document{}, fault.New(fault.Forbidden, "You can file documents only for your own team or a space you are a member of")
	}
	v := Version{Number: 1, File: nd.File, Note: nd.Note, UploadedBy: p.UserID, UploadedAt: now}
	// The entry names the document by id and content hash, never by its
	// title: the audit log outlives a disposal, and a title ("Letter to
	// Mrs Okafor about her hedge") says what the document said.
	e := s.entry(p, AuditDocumentCreate, d, map[string]any{"class": d.ClassID, "sha256": nd.File.Key})
	d.ID, err = s.Store.CreateDocument(ctx, d, v, s.searchText(ctx, d, v), e)
	d.Versions = []Version{v}
	return d, err
}

func (s *Documents) checkNew(nd NewDocument) error {
	var fe service.FieldErrors
	if strings.TrimSpace(nd.Title) == "" {
		fe = append(fe, service.FieldError{Field: "title", Message: "Enter a title"})
	}
	if c, err := s.Plan.Class(nd.ClassID); err != nil || !c.Leaf() {
		fe = append(fe, service.FieldError{Field: "class", Message: "Choose the file plan class it belongs to"})
	}
	if nd.Classification != service.Official && nd.Classification != service.OfficialSensitive {
		fe = append(fe, service.FieldError{Field: "classification", Message: "Choose OFFICIAL or OFFICIAL-SENSITIVE"})
	}
	if nd.Date != "" && !datePattern.MatchString(nd.Date) {
		fe = append(fe, service.FieldError{Field: "date", Message: "Enter the document's date as YYYY-MM-DD"})
	}
	if nd.Team == "" {
		fe = append(fe, service.FieldError{Field: "team", Message: "Choose the team that owns it"})
	}
	if nd.File.Key == "" {
		fe = append(fe, service.FieldError{Field: "file", Message: "Select a file"})
	}
	return fe.Err()
}

// Get returns a document p may view, with its history; a document p may
// not view is fault.NotFound, as one that does not exist. An
// OFFICIAL-SENSITIVE view is audited.
func (s *Documents) Get(ctx context.Context, p access.Principal, id int64) (Document, error) {
	d, err := s.Store.Document(ctx, id)
	if err != nil {
		return d, err
	}
	return d, s.decide(ctx, p, access.ActionView, d)
}

// decide asks the policy; a refusal is NotFound (existence is not
// revealed), and an allowed view the policy marks is audited first.
func (s *Documents) decide(ctx context.Context, p access.Principal, a access.Action, d Document) error {
	space, err := s.spaceOf(ctx, d)
	if err != nil {
		return err
	}
	dec := access.Decide(p, a, d.resource(space, s.PartnerDomains))
	if !dec.Allow {
		return fault.New(fault.NotFound, "document %d", d.ID)
	}
	if dec.Audit {
		return s.Store.AppendAudit(ctx, s.entry(p, AuditDocumentView, d, map[string]any{"action": string(a)}))
	}
	return nil
}

func (s *Documents) spaceOf(ctx context.Context, d Document) (*Space, error) {
	if d.SpaceID == 0 {
		return nil, nil
	}
	sp, err := s.Store.Space(ctx, d.SpaceID)
	if err != nil {
		return nil, err
	}
	return &sp, nil
}

// AddVersion adds new content to a document that is not declared. An
// attempt on a record is refused and audited. Errors: fault.NotFound,
// fault.Conflict (ErrDeclared, or changed meanwhile).
func (s *Documents) AddVersion(ctx context.Context, p access.Principal, id int64, file service.FileRef, note string) (Document, error) {
	d, err := s.forAct(ctx, p, id)
	if err != nil {
		return d, err
	}
	if d.Declared() {
		return d, s.refuse(ctx, p, d, "new version")
	}
	v := Version{Number: d.Version + 1, File: file, Note: strings.TrimSpace(note), UploadedBy: p.UserID, UploadedAt: s.now()}
	e := s.entry(p, AuditDocumentUpdate, d, map[string]any{"version": v.Number, "sha256": file.Key})
	if err := s.Store.AddVersion(ctx, id, v, s.searchText(ctx, d, v), e); err != nil {
		if err == ErrDeclared {
			return d, s.refuse(ctx, p, d, "new version")
		}
		return d, err
	}
	return s.Store.Document(ctx, id)
}

// Declare makes a document a record. Errors: fault.NotFound, fault.Conflict.
func (s *Documents) Declare(ctx context.Context, p access.Principal, id int64) (Document, error) {
	d, err := s.forAct(ctx, p, id)
	if err != nil {
		return d, err
	}
	if d.Declared() {
		return d, fault.New(fault.Conflict, "This document is already a record")
	}
	if err := s.Store.Declare(ctx, id, p.UserID, s.entry(p, AuditDeclared, d, map[string]any{"version": d.Version, "sha256": d.Current().File.Key})); err != nil {
		return d, err
	}
	return s.Store.Document(ctx, id)
}

// forAct returns document id if p may act on it; not found otherwise.
func (s *Documents) forAct(ctx context.Context, p access.Principal, id int64) (Document, error) {
	d, err := s.Store.Document(ctx, id)
	if err != nil {
		return d, err
	}
	if err := s.decide(ctx, p, access.ActionView, d); err != nil {
		return d, err
	}
	space, err := s.spaceOf(ctx, d)
	if err != nil {
		return d, err
	}
	if !access.Decide(p, access.ActionAct, d.resource(space, s.PartnerDomains)).Allow {
		return d, fault.New(fault.Forbidden, "Only the team that owns this document can change it")
	}
	return d, nil
}

// refuse audits an attempt to change a record and returns ErrDeclared.
func (s *Documents) refuse(ctx context.Context, p access.Principal, d Document, what string) error {
	if err := s.Store.AppendAudit(ctx, s.entry(p, AuditRefused, d, map[string]any{"why": "declared record", "attempt": what})); err != nil {
		return err
	}
	return ErrDeclared
}

func (s *Documents) entry(p access.Principal, action string, d Document, detail map[string]any) audit.Entry {
	actor := p.UserID
	if actor == "" {
		actor = string(p.Kind)
	}
	return audit.Entry{At: s.now(), Actor: actor, Action: action, Subject: "document:" + strconv.FormatInt(d.ID, 10),
		Classification: string(d.Classification), Detail: audit.Detail(detail)}
}

// searchText is what search indexes: the metadata and the words of the
// version's file. Extraction failing leaves the metadata: the document is
// still filed and found by its title.
func (s *Documents) searchText(ctx context.Context, d Document, v Version) string {
	meta := strings.Join([]string{d.Description, d.Author, d.ClassID, strings.Join(d.RelatedCases, " "), v.File.Name}, " ")
	if s.Extract == nil || s.Blobs == nil {
		return meta
	}
	rc, err := s.Blobs.Open(ctx, v.File.Key)
	if err != nil {
		s.log().Warn("document text: blob not readable", "document", d.ID, "err", err)
		return meta
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxPart))
	if err != nil {
		return meta
	}
	text, err := s.Extract.Text(ctx, v.File.ContentType, data)
	if err != nil {
		s.log().Warn("document text not extracted", "document", d.ID, "type", v.File.ContentType, "err", err)
	}
	return meta + " " + text
}

// Search returns up to limit documents matching query that p may find,
// with snippets (Find, without filters).
func (s *Documents) Search(ctx context.Context, p access.Principal, query string, limit int) ([]Hit, error) {
	res, err := s.Find(ctx, p, DocumentQuery{Text: query, Limit: limit})
	return res.Hits, err
}

// Classes lists the file plan's classes documents may be filed in.
func (s *Documents) Classes() []*Class {
	return slices.DeleteFunc(s.Plan.Classes(), func(c *Class) bool { return !c.Leaf() })
}

// String names a document for logs.
func (d Document) String() string { return fmt.Sprintf("document %d (%s)", d.ID, d.Title) }
