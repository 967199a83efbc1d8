package opendata

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Response is what the store reads of one sent response: the request's
// answers (for the request text and the requester's name, which is only
// redacted, never shown) and the fields of the transition that sent it.
type Response struct {
	Ref           string
	ServiceID     string
	ApplicantName string
	Request       service.Answers
	Fields        service.Answers
	ReceivedAt    time.Time
	RespondedAt   time.Time
}

// Disclosure is one entry of the disclosure log, redacted: the requester is
// never named, and personal details in the request and response are removed.
type Disclosure struct {
	Ref          string
	ServiceID    string
	ServiceName  string
	Request      string
	Response     string
	Outcome      string // the outcome's label, "" when the log has none
	ReceivedAt   time.Time
	RespondedAt  time.Time
	OutcomeValue string
}

// DisclosurePage is one page of the log.
type DisclosurePage struct {
	Entries []Disclosure
	Total   int // entries matching the query
}

// errStop ends a walk once the entry wanted has been found.
var errStop = errors.New("stop")

// Disclosures returns the page (from 1, size per page) of log entries
// matching query (every entry when query is empty), newest first. Entries
// are read one at a time and only the page is kept.
func (s *Service) Disclosures(ctx context.Context, query string, page, size int) (DisclosurePage, error) {
	var out DisclosurePage
	skip := (max(page, 1) - 1) * size
	err := s.EachDisclosure(ctx, func(e Disclosure) error {
		if query != "" && service.TextScore(query, DisclosureTexts(e)...) == 0 {
			return nil
		}
		out.Total++
		if out.Total > skip && len(out.Entries) < size {
			out.Entries = append(out.Entries, e)
		}
		return nil
	})
	return out, err
}

// EachDisclosure calls fn with every entry of the log, redacted, newest
// first within each service, one at a time.
func (s *Service) EachDisclosure(ctx context.Context, fn func(Disclosure) error) error {
	for _, d := range s.serviceDatasets() {
		if d.Disclosure == nil {
			continue
		}
		err := s.Store.EachResponse(ctx, d.ServiceID, d.Disclosure.Transition, func(r Response) error { return fn(d.disclosure(r)) })
		if err != nil {
			return err
		}
	}
	return nil
}

// DisclosureTexts are what an entry is found by, weighed as service.TextScore
// weighs its texts: the request as a name, the response after it. Only the
// redacted texts: a word the redactor removed finds nothing.
func DisclosureTexts(e Disclosure) []string { return []string{e.Request, e.Response} }

// DatasetTexts are what a data set is found by in the public search: its
// title and name, its keywords and category, its description and columns.
func DatasetTexts(d Dataset) []string {
	cols := make([]string, 0, len(d.Columns))
	for _, c := range d.Columns {
		cols = append(cols, c.Title)
	}
	return []string{d.Title + " " + d.ID, strings.Join(d.Keywords, " ") + " " + d.Category, d.Description + " " + strings.Join(cols, " ")}
}

// Disclosure returns one entry by case reference; fault.NotFound when the
// case has no published response.
func (s *Service) Disclosure(ctx context.Context, ref string) (Disclosure, error) {
	var found *Disclosure
	for _, d := range s.serviceDatasets() {
		if d.Disclosure == nil {
			continue
		}
		err := s.Store.EachResponse(ctx, d.ServiceID, d.Disclosure.Transition, func(r Response) error {
			if strings.EqualFold(r.Ref, ref) {
				e := d.disclosure(r)
				found = &e
				return errStop
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStop) {
			return Disclosure{}, err
		}
		if found != nil {
			return *found, nil
		}
	}
	return Disclosure{}, fault.New(fault.NotFound, "no published response %q", ref)
}

func (d Dataset) disclosure(r Response) Disclosure {
	red := Redactor{Names: []string{r.ApplicantName}}
	dl := d.Disclosure
	e := Disclosure{Ref: r.Ref, ServiceID: d.ServiceID, ServiceName: d.def.Name, ReceivedAt: r.ReceivedAt, RespondedAt: r.RespondedAt,
		Request: red.Redact(r.Request[dl.Request].Text), Response: red.Redact(r.Fields[dl.Response].Text)}
	if dl.Outcome != "" {
		e.OutcomeValue = r.Fields[dl.Outcome].Text
		e.Outcome = d.optionLabel(dl.Transition, dl.Outcome, e.OutcomeValue)
	}
	return e
}

func (d Dataset) optionLabel(transition, field, value string) string {
	t, _ := d.def.Transition(transition)
	for _, f := range t.Fields {
		if f.ID != field {
			continue
		}
		for _, o := range f.Options {
			if o.Value == value {
				return o.Label
			}
		}
	}
	return value
}
