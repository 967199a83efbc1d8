package records

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Kind is what a search result is.
type Kind string

// KindSpace is a collaboration space; cases and documents are KindCase
// and KindDocument, as on the disposition list.
const KindSpace = "space"

// Kinds are the kinds in the order pages list them.
var Kinds = []Kind{KindCase, KindDocument, KindSpace}

// SearchStore is what a search over cases, documents and spaces needs of
// the database beyond documents' own; store.Store implements it.
type SearchStore interface {
	// SearchSpaces returns up to limit of the newest spaces whose name holds
	// every word of q, meeting its filters and q.Access, with their members.
	SearchSpaces(ctx context.Context, q SpaceQuery, limit int) ([]Space, error)
	// CaseSnippets returns, for each of ids holding the words of text, a
	// snippet of the case's text with the words marked « ».
	CaseSnippets(ctx context.Context, text string, ids []int64) (map[int64]string, error)
}

// CaseMatches finds the cases matching words that a reader may find,
// bounded after the access policy; *cases.Service implements it.
type CaseMatches interface {
	Matches(ctx context.Context, p access.Principal, f cases.Filter) ([]cases.Case, bool, error)
}

// SpaceQuery is a search of spaces' names.
type SpaceQuery struct {
	Words          []string
	Team           string
	Classification service.Classification
	From, To       time.Time
	Access         access.RecordScope
}

// Search is one search over cases, documents and collaboration spaces, as
// the workspace and the JSON API offer it.
type Search struct {
	Documents *Documents
	Cases     CaseMatches
	Store     SearchStore
	Services  *service.Registry
}

// Query is a search over everything: words (required) and filters, each
// empty for any.
type Query struct {
	Text           string
	Kind           Kind
	ClassID        string
	Classification service.Classification
	Team           string
	// From and To bound the date of each thing (a case's submission, a
	// document's last change, a space's opening): From included, To not.
	From, To time.Time
	// Start is the position of the page's first result; Limit the page
	// size (0 gives 20).
	Start, Limit int
}

// Item is one thing found: a case, a document or a space the reader may open.
type Item struct {
	Kind  Kind
	ID    int64
	Ref   string // a case's reference
	Title string
	// ClassID is the file plan class (none for a space).
	ClassID        string
	Classification service.Classification
	Team           string
	At             time.Time
	// Snippet is text around the matched words, marked « ».
	Snippet string
}

// Found is a page of a search with what the reader may know of the rest.
type Found struct {
	Items []Item
	// Matches counts the things the reader may find, up to the bounds of
	// each kind's search; ManyMatches says some kind had more.
	Matches     int
	ManyMatches bool
	Facets      Facets
}

// Find searches cases, documents and spaces for p. Each kind's search
// bounds what p may find (cases.Service.Matches, Documents.findable, spaces
// through RecordScope and Decide), so every count, facet, title and snippet
// is of something p may open. Results are newest first: the kinds' text
// ranks are not comparable. Snippets are made for the page only.
func (s *Search) Find(ctx context.Context, p access.Principal, q Query) (Found, error) {
	q.Text = strings.TrimSpace(q.Text)
	if q.Limit <= 0 {
		q.Limit = 20
	}
	if q.Text == "" {
		return Found{}, nil
	}
	var items []Item
	var many bool
	for _, find := range []func(context.Context, access.Principal, Query) ([]Item, bool, error){s.findCases, s.findDocuments, s.findSpaces} {
		found, more, err := find(ctx, p, q)
		if err != nil {
			return Found{}, err
		}
		items, many = append(items, found...), many || more
	}
	slices.SortFunc(items, func(a, b Item) int {
		return cmp.Or(b.At.Compare(a.At), cmp.Compare(a.Kind, b.Kind), cmp.Compare(b.ID, a.ID))
	})
	res := Found{Matches: len(items), ManyMatches: many, Facets: facetsOfItems(items)}
	start := min(max(q.Start, 0), len(items))
	res.Items = items[start:min(start+q.Limit, len(items))]
	return res, s.snippets(ctx, q.Text, res.Items)
}

func (s *Search) wants(q Query, k Kind) bool { return q.Kind == "" || q.Kind == k }

func (s *Search) findCases(ctx context.Context, p access.Principal, q Query) ([]Item, bool, error) {
	if !s.wants(q, KindCase) || s.Cases == nil {
		return nil, false, nil
	}
	f := cases.Filter{Query: q.Text, Classification: q.Classification, SubmittedFrom: q.From, SubmittedTo: q.To}
	if q.Team != "" {
		f.Teams = []string{q.Team}
	}
	if q.ClassID != "" {
		c, err := s.Documents.Plan.Class(q.ClassID)
		if err != nil || len(c.Services) == 0 {
			return nil, false, nil // no service's cases are filed there
		}
		f.ServiceIDs = c.Services
	}
	found, many, err := s.Cases.Matches(ctx, p, f)
	items := make([]Item, 0, len(found))
	for _, c := range found {
		it := Item{Kind: KindCase, ID: c.ID, Ref: c.Ref, Title: c.Ref, Classification: c.Classification, Team: c.Team, At: c.SubmittedAt}
		if d, ok := s.Services.Load().Get(c.ServiceID); ok {
			it.Title = d.Name + " " + c.Ref
		}
		if class, ok := s.Documents.Plan.ClassForService(c.ServiceID); ok {
			it.ClassID = class.ID
		}
		items = append(items, it)
	}
	return items, many, err
}

func (s *Search) findDocuments(ctx context.Context, p access.Principal, q Query) ([]Item, bool, error) {
	if !s.wants(q, KindDocument) {
		return nil, false, nil
	}
	docs, many, err := s.Documents.findable(ctx, p, DocumentQuery{Text: q.Text, ClassID: q.ClassID,
		Classification: q.Classification, Team: q.Team, From: q.From, To: q.To})
	items := make([]Item, 0, len(docs))
	for _, d := range docs {
		items = append(items, Item{Kind: KindDocument, ID: d.ID, Title: d.Title, ClassID: d.ClassID, Classification: d.Classification,
			Team: d.Team, At: d.UpdatedAt, Snippet: d.Description})
	}
	return items, many, err
}

// findSpaces finds spaces by name. A space is decided on as a document
// filed in it by whoever opened it: the one rule for spaces' contents.
func (s *Search) findSpaces(ctx context.Context, p access.Principal, q Query) ([]Item, bool, error) {
	if !s.wants(q, KindSpace) || q.ClassID != "" { // spaces are not filed in the plan
		return nil, false, nil
	}
	words := strings.Fields(strings.ToLower(q.Text))
	found, err := s.Store.SearchSpaces(ctx, SpaceQuery{Words: words, Team: q.Team, Classification: q.Classification,
		From: q.From, To: q.To, Access: access.RecordScopeOf(p, s.Documents.PartnerDomains)}, MaxSearchMatches+1)
	if err != nil {
		return nil, false, err
	}
	var items []Item
	for _, sp := range found {
		d := Document{Team: sp.Team, Classification: sp.Classification, CreatedBy: sp.CreatedBy}
		if access.Decide(p, access.ActionFind, d.resource(&sp, s.Documents.PartnerDomains)).Allow {
			items = append(items, Item{Kind: KindSpace, ID: sp.ID, Title: sp.Name, Classification: sp.Classification, Team: sp.Team,
				At: sp.CreatedAt, Snippet: markWords(sp.Name, words)})
		}
	}
	if len(items) > MaxSearchMatches {
		return items[:MaxSearchMatches], true, nil // newest first already
	}
	return items, false, nil
}

// snippets fills the page's snippets of cases and documents from the text
// index; a document with none keeps its description.
func (s *Search) snippets(ctx context.Context, text string, page []Item) error {
	ids := map[Kind][]int64{}
	for _, it := range page {
		ids[it.Kind] = append(ids[it.Kind], it.ID)
	}
	caseSnips, err := s.Store.CaseSnippets(ctx, text, ids[KindCase])
	if err != nil {
		return err
	}
	docSnips, err := s.Documents.Store.DocumentSnippets(ctx, text, ids[KindDocument])
	if err != nil {
		return err
	}
	for i, it := range page {
		snips := map[Kind]map[int64]string{KindCase: caseSnips, KindDocument: docSnips}[it.Kind]
		if snip, ok := snips[it.ID]; ok {
			page[i].Snippet = snip
		}
	}
	return nil
}

// markWords marks « » each place in s where one of words (lower case) starts.
func markWords(s string, words []string) string {
	lower := strings.ToLower(s)
	var b strings.Builder
	for i := 0; i < len(s); {
		n := 0
		for _, w := range words {
			if w != "" && strings.HasPrefix(lower[i:], w) {
				n = max(n, len(w))
			}
		}
		if n == 0 {
			b.WriteByte(s[i])
			i++
			continue
		}
		b.WriteString("«" + s[i:i+n] + "»")
		i += n
	}
	return b.String()
}

// facetsOfItems counts the things found by kind, file plan class,
// classification and team.
func facetsOfItems(items []Item) Facets {
	return Facets{
		Kinds:           countBy(items, func(it Item) string { return string(it.Kind) }),
		Classes:         countBy(items, func(it Item) string { return it.ClassID }),
		Classifications: countBy(items, func(it Item) string { return string(it.Classification) }),
		Teams:           countBy(items, func(it Item) string { return it.Team }),
	}
}
