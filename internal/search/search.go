package search

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/geo"
	"github.com/guildhall-platform/guildhall/internal/opendata"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Kind is what a result is.
type Kind string

// The kinds of result, in the order a results page lists them.
const (
	KindService Kind = "service" // a service a resident can use
	KindReport  Kind = "report"  // a public report near the place asked about
	KindData    Kind = "data"    // an open data set or a page of figures or answers
	KindAnswer  Kind = "answer"  // an answer in the FOI disclosure log
)

// Kinds lists every kind in the order results are listed.
var Kinds = []Kind{KindService, KindReport, KindData, KindAnswer}

// Limits that bound the work of one search, whatever is typed.
const (
	// MaxQuery is the longest query read (in runes); the rest is ignored.
	// Nobody describes a council service, a place and a status in more.
	MaxQuery = 200
	// maxWords caps the words matched against the vocabulary.
	maxWords = 12
	// NearMetres is how far from a postcode's middle reports are found:
	// a few minutes' walk, the neighbourhood a resident means by "near".
	NearMetres = 500
	// reportsListed caps the reports read for one search, nearest first.
	reportsListed = 100
	// PerPage is how many results a page shows.
	PerPage = 10
	// defaultMaxAge is how long the index of published texts is used
	// before the next search rebuilds it.
	defaultMaxAge = 5 * time.Minute
)

// Hit is one result.
type Hit struct {
	Kind    Kind
	Title   string
	URL     string
	Summary string
	// Report is set for KindReport: what the report's public page shows,
	// with its distance from the postcode's middle.
	Report *cases.PublicReport
	score  float64
}

// Query is what a resident asked.
type Query struct {
	Text string
	// Near is a postcode to find reports near; a postcode in Text does the same.
	Near string
	// Kind narrows the results to one kind; "" lists all.
	Kind Kind
	// Page is the page of results, from 1.
	Page int
}

// Results are one page of what a query found.
type Results struct {
	Hits   []Hit
	Total  int          // results of Query.Kind (all kinds when "")
	Counts map[Kind]int // results of each kind, for the filter
	Page   int
	Pages  int
	// Postcode is the postcode reports were found near ("" when none was
	// given); UnknownPostcode one given that the gazetteer does not hold.
	Postcode, UnknownPostcode string
}

// Reports finds public reports by place (cases.Service).
type Reports interface {
	ReportsNear(ctx context.Context, serviceIDs []string, at cases.Point, metres float64, limit int) ([]cases.PublicReport, error)
	PublicReportServices() []string
}

// Postcodes finds a postcode's middle in the gazetteer (people.Places).
type Postcodes interface {
	Postcode(ctx context.Context, query string) (at geo.Point, postcode string, ok bool, err error)
}

// Published is what the search reads of the open data (opendata.Service).
type Published interface {
	Datasets(ctx context.Context) ([]opendata.Dataset, error)
	EachDisclosure(ctx context.Context, fn func(opendata.Disclosure) error) error
}

// Service answers searches. Services, Data, Reports and Places may each be
// nil: what they would find is then not searched.
type Service struct {
	Services *service.Registry
	Data     Published
	Reports  Reports
	Places   Postcodes
	Now      func() time.Time
	// MaxAge is how long an index of the published texts is used before a
	// search starts rebuilding it (five minutes when 0): a new answer in the
	// disclosure log is found within about that.
	MaxAge time.Duration

	mu         sync.Mutex
	index      *textIndex
	rebuilding bool
	// rebuilds are the background rebuilds under way, for Wait.
	rebuilds sync.WaitGroup
}

// Wait returns once no rebuild a search started is still reading: what
// closes the stores the index is read from waits for it first.
func (s *Service) Wait() { s.rebuilds.Wait() }

// Search answers a query. Its work is bounded whatever is typed: the query
// is cut at MaxQuery runes and maxWords words, words are matched against
// the index's vocabulary, and at most reportsListed reports are read from
// the map points' index around one postcode.
func (s *Service) Search(ctx context.Context, q Query) (Results, error) {
	q = tidy(q)
	out := Results{Page: max(q.Page, 1), Counts: map[Kind]int{}}
	words, postcode := splitPostcode(q.Text, isPostcode)
	if q.Near != "" {
		postcode = q.Near
	}
	ix, err := s.current(ctx)
	if err != nil {
		return out, err
	}
	hits := ix.find(words)
	reports, err := s.reportsNear(ctx, ix, words, postcode, &out)
	if err != nil {
		return out, err
	}
	hits = append(hits, reports...)
	slices.SortStableFunc(hits, func(a, b Hit) int {
		return cmp.Or(cmp.Compare(slices.Index(Kinds, a.Kind), slices.Index(Kinds, b.Kind)), cmp.Compare(b.score, a.score))
	})
	for _, h := range hits {
		out.Counts[h.Kind]++
	}
	if q.Kind != "" {
		hits = slices.DeleteFunc(hits, func(h Hit) bool { return h.Kind != q.Kind })
	}
	out.Total = len(hits)
	out.Pages = (out.Total + PerPage - 1) / PerPage
	from := min((out.Page-1)*PerPage, out.Total)
	out.Hits = hits[from:min(from+PerPage, out.Total)]
	return out, nil
}

// tidy bounds what was typed and drops a kind that is not one.
func tidy(q Query) Query {
	if r := []rune(q.Text); len(r) > MaxQuery {
		q.Text = string(r[:MaxQuery])
	}
	if w := strings.Fields(q.Text); len(w) > maxWords {
		q.Text = strings.Join(w[:maxWords], " ")
	}
	if r := []rune(q.Near); len(r) > 16 {
		q.Near = string(r[:16])
	}
	q.Text, q.Near = strings.TrimSpace(q.Text), strings.TrimSpace(q.Near)
	if !slices.Contains(Kinds, q.Kind) {
		q.Kind = ""
	}
	return q
}

func isPostcode(s string) bool {
	_, ok := people.NormalisePostcode(s)
	return ok
}

// reportsNear lists the public reports near postcode: of the services the
// words name, or of every public one when no words remain. Words that name
// no service with public reports find none, so a word written only in a
// report's private answers lists nothing.
func (s *Service) reportsNear(ctx context.Context, ix *textIndex, words, postcode string, out *Results) ([]Hit, error) {
	if postcode == "" || s.Reports == nil || s.Places == nil {
		return nil, nil
	}
	at, pc, ok, err := s.Places.Postcode(ctx, postcode)
	if err != nil {
		return nil, err
	}
	if !ok {
		out.UnknownPostcode = strings.ToUpper(postcode)
		if pc != "" {
			out.UnknownPostcode = pc
		}
		return nil, nil
	}
	out.Postcode = pc
	public := s.Reports.PublicReportServices()
	var services []string
	if strings.TrimSpace(words) != "" {
		services = ix.servicesNamed(words, public)
		if len(services) == 0 {
			return nil, nil
		}
	}
	found, err := s.Reports.ReportsNear(ctx, services, at, NearMetres, reportsListed)
	if err != nil {
		return nil, err
	}
	hits := make([]Hit, 0, len(found))
	for i := range found {
		r := &found[i]
		hits = append(hits, Hit{Kind: KindReport, Title: r.ServiceName + " " + r.Ref, URL: "/reports/" + r.Ref,
			Summary: r.Place, Report: r, score: -float64(r.Metres)})
	}
	return hits, nil
}

// current is the index of the published texts. The first search builds it;
// once it is older than MaxAge the next search starts one rebuild in the
// background and is answered, like those after it, from the index it has
// until the new one is ready: no search waits for the disclosure log to be
// read again.
func (s *Service) current(ctx context.Context) (*textIndex, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if s.index == nil {
		ix, err := s.build(ctx)
		if err != nil {
			return nil, err
		}
		ix.built, s.index = now, ix
		return ix, nil
	}
	if age := now.Sub(s.index.built); (age >= cmp.Or(s.MaxAge, defaultMaxAge) || age < 0) && !s.rebuilding {
		s.rebuilding = true
		s.rebuilds.Go(func() { s.rebuild(context.WithoutCancel(ctx), now) })
	}
	return s.index, nil
}

// rebuild replaces the index with one read now; a failed read keeps the
// index there is, and the next search tries again.
func (s *Service) rebuild(ctx context.Context, now time.Time) {
	ix, err := s.build(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rebuilding = false
	if err == nil {
		ix.built, s.index = now, ix
	}
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}
