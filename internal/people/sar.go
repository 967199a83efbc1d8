package people

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/service"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// RoleInformationGovernance may export everything held about a person.
const RoleInformationGovernance = access.RoleInformationGovernance

// MaySubjectAccess reports whether p may make subject access exports: staff
// with the information governance role (in any team) and a second factor.
func MaySubjectAccess(p access.Principal) bool {
	if p.Kind != access.KindStaff || !p.MFA {
		return false
	}
	for _, g := range p.Grants {
		if g.Role == RoleInformationGovernance {
			return true
		}
	}
	return false
}

// Export is a subject access export: a ZIP holding index.html (readable,
// self-contained) and data.json (machine-readable).
type Export struct {
	FileName   string
	Zip        []byte
	Data       ExportData
	Redactions []Redaction
}

// ExportData is the machine-readable content of an export.
type ExportData struct {
	GeneratedAt time.Time      `json:"generated_at"`
	GeneratedBy string         `json:"generated_by"`
	PersonID    int64          `json:"person_id"`
	Subject     ExportPerson   `json:"subject"`
	Records     []ExportRecord `json:"records"`
	Cases       []ExportCase   `json:"cases"`
	Redactions  []Redaction    `json:"redactions_for_review"`
}

// ExportPerson is the golden record in an export.
type ExportPerson struct {
	Name        string  `json:"name"`
	DateOfBirth string  `json:"date_of_birth,omitempty"`
	Email       string  `json:"email,omitempty"`
	Phone       string  `json:"phone,omitempty"`
	Address     Address `json:"address"`
}

// ExportRecord is one source record in an export.
type ExportRecord struct {
	Source     string       `json:"source"`
	Key        string       `json:"key"`
	Person     ExportPerson `json:"held"`
	UPRN       string       `json:"uprn,omitempty"`
	ObservedAt time.Time    `json:"observed_at"`
}

// ExportCase is one case in an export, free text marked for redaction.
type ExportCase struct {
	Ref            string         `json:"ref"`
	Service        string         `json:"service"`
	Classification string         `json:"classification"`
	State          string         `json:"state"`
	SubmittedAt    time.Time      `json:"submitted_at"`
	ClosedAt       *time.Time     `json:"closed_at,omitempty"`
	Answers        []ExportAnswer `json:"answers"`
	Events         []ExportEvent  `json:"events"`
	// Files are the case's documents, their bytes in the ZIP.
	Files []ExportFile `json:"files,omitempty"`
	// Messages are the emails and texts sent to the person about the case.
	Messages []ExportMessage `json:"messages,omitempty"`
}

// ExportAnswer is one answer as text.
type ExportAnswer struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// ExportEvent is one entry of a case's history.
type ExportEvent struct {
	At   time.Time `json:"at"`
	Kind string    `json:"kind"`
	By   string    `json:"by,omitempty"`
	From string    `json:"from,omitempty"`
	To   string    `json:"to,omitempty"`
	Note string    `json:"note,omitempty"`
}

// SubjectAccess exports everything held about person id that p may release:
// every imported record, and every case (with its answers and history) that
// access.Decide allows p to export, third parties' names in free text marked
// "[REDACT? name]" and listed for review. The export is written to the audit
// log, with an entry for each case whose export the policy audits. Errors:
// fault.NotFound when p may not export, or nothing about the person.
func (s *Service) SubjectAccess(ctx context.Context, p access.Principal, id int64) (Export, error) {
	if !MaySubjectAccess(p) {
		return Export{}, fault.New(fault.NotFound, "person %d", id)
	}
	recs, err := s.Store.RecordsOfPersons(ctx, []int64{id})
	if err != nil {
		return Export{}, err
	}
	acc, err := s.visible(ctx, p, access.ActionExport, recs)
	if err != nil {
		return Export{}, err
	}
	if len(acc.records) == 0 {
		return Export{}, fault.New(fault.NotFound, "person %d", id)
	}
	now := s.now()
	data := ExportData{GeneratedAt: now, GeneratedBy: p.Name, PersonID: id}
	golden := Survive(id, acc.records, s.Trust, now)
	data.Subject = exportPerson(golden.Name(), golden.DateOfBirth, golden.Email, golden.Phone, golden.Address)
	var names []string
	for _, r := range acc.records {
		names = append(names, r.Name())
		data.Records = append(data.Records, ExportRecord{Source: r.Source, Key: r.Key, UPRN: r.UPRN, ObservedAt: r.ObservedAt,
			Person: exportPerson(r.Name(), r.DateOfBirth, r.Email, r.Phone, r.Address)})
	}
	red := NewRedactor(names...)
	files := map[string][]byte{}
	contacts := contactsOf(acc.records)
	for _, c := range newestFirst(acc.cases) {
		ec, err := s.exportCase(ctx, c, red, &data.Redactions, files)
		if err != nil {
			return Export{}, err
		}
		if ec.Messages, err = s.caseMessages(ctx, c.Ref, contacts); err != nil {
			return Export{}, err
		}
		data.Cases = append(data.Cases, ec)
	}
	exp, err := pack(data, files)
	if err != nil {
		return Export{}, err
	}
	return exp, s.Store.AppendAudit(ctx, s.exportEntries(p, data, acc.audit)...)
}

func exportPerson(name, dob, email, phone string, a Address) ExportPerson {
	return ExportPerson{Name: name, DateOfBirth: dob, Email: email, Phone: phone, Address: a}
}

func (s *Service) exportCase(ctx context.Context, c cases.Case, red Redactor, marks *[]Redaction, files map[string][]byte) (ExportCase, error) {
	def := s.definition(c.ServiceID)
	ec := ExportCase{Ref: c.Ref, Service: serviceName(def, c.ServiceID), Classification: string(c.Classification), State: def.StateLabel(c.State),
		SubmittedAt: c.SubmittedAt, ClosedAt: c.ClosedAt}
	mark := func(where, text string) string {
		out, names := red.Mark(text)
		for _, n := range names {
			*marks = append(*marks, Redaction{Where: c.Ref + " " + where, Name: n})
		}
		return out
	}
	for _, q := range answerOrder(def, c.Answers) {
		if a := c.Answers[q]; !a.IsEmpty() {
			label, text := displayAnswer(def, q, a)
			ec.Answers = append(ec.Answers, ExportAnswer{Question: label, Answer: mark("answers."+q, text)})
		}
	}
	events, err := s.Store.CaseEvents(ctx, c.ID)
	if err != nil {
		return ec, err
	}
	for i, e := range events {
		ec.Events = append(ec.Events, ExportEvent{At: e.At, Kind: string(e.Kind), By: e.ActorName, From: e.FromState,
			To: e.ToState, Note: mark("events."+strconv.Itoa(i+1)+".note", e.Note)})
	}
	ec.Files = s.caseFiles(ctx, c, events, files)
	return ec, nil
}

// exportEntries audit the export itself and each case export the policy marks.
func (s *Service) exportEntries(p access.Principal, d ExportData, audited []cases.Case) []audit.Entry {
	refs := make([]string, len(d.Cases))
	for i, c := range d.Cases {
		refs[i] = c.Ref
	}
	entries := []audit.Entry{{At: d.GeneratedAt, Actor: p.UserID, Action: AuditSubjectAccess,
		Subject: "person:" + strconv.FormatInt(d.PersonID, 10), Classification: "OFFICIAL-SENSITIVE",
		Detail: audit.Detail(map[string]any{"cases": refs, "records": len(d.Records), "redactions_for_review": len(d.Redactions)})}}
	for _, c := range audited {
		entries = append(entries, cases.AccessEntry(d.GeneratedAt, p, access.ActionExport, c))
	}
	return entries
}

// pack writes the export's ZIP: index.html, data.json and the documents.
func pack(d ExportData, docs map[string][]byte) (Export, error) {
	page, err := renderExport(d)
	if err != nil {
		return Export{}, err
	}
	js, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return Export{}, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range []struct {
		name string
		body []byte
	}{{"index.html", page}, {"data.json", js}} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: d.GeneratedAt})
		if err != nil {
			return Export{}, err
		}
		if _, err := w.Write(f.body); err != nil {
			return Export{}, err
		}
	}
	for _, c := range d.Cases {
		for _, f := range c.Files {
			if f.Missing {
				continue
			}
			w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Path, Method: zip.Deflate, Modified: d.GeneratedAt})
			if err != nil {
				return Export{}, err
			}
			if _, err := w.Write(docs[f.Path]); err != nil {
				return Export{}, err
			}
		}
	}
	if err := zw.Close(); err != nil {
		return Export{}, err
	}
	name := fmt.Sprintf("subject-access-person-%d-%s.zip", d.PersonID, d.GeneratedAt.Format("2006-01-02"))
	return Export{FileName: name, Zip: buf.Bytes(), Data: d, Redactions: d.Redactions}, nil
}

// definition is the current definition of a service, or nil.
func (s *Service) definition(id string) *service.Definition {
	if s.Services == nil || s.Services.Load() == nil {
		return nil
	}
	def, _ := s.Services.Load().Get(id)
	return def
}

func serviceName(def *service.Definition, id string) string {
	if def != nil && def.Name != "" {
		return def.Name
	}
	return id
}

// answerOrder lists answered question ids in the form's order, then any the
// definition no longer asks, sorted.
func answerOrder(def *service.Definition, answers service.Answers) []string {
	var out []string
	seen := map[string]bool{}
	if def != nil {
		for _, pg := range def.Pages {
			for _, q := range pg.Questions {
				if _, ok := answers[q.ID]; ok && !seen[q.ID] {
					out = append(out, q.ID)
					seen[q.ID] = true
				}
			}
		}
	}
	var rest []string
	for id := range answers {
		if !seen[id] {
			rest = append(rest, id)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// displayAnswer is the question's text and the answer as a person reads it
// (service.Question.Display, lines joined by newlines); a question the
// definition no longer has shows its id and stored value.
func displayAnswer(def *service.Definition, id string, a service.Answer) (string, string) {
	if def != nil {
		if q, ok := def.Question(id); ok {
			return q.Label, strings.Join(q.Display(a), "\n")
		}
	}
	return id, a.String()
}
