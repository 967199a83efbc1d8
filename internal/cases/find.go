package cases

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"math"
	"slices"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// Page sizes.
const (
	defaultLimit = 50
	maxLimit     = 200
	// findRounds bounds how many batches Find reads to fill a page when the
	// policy's Go re-check drops rows that the SQL superset let through.
	findRounds = 8
)

// NoDue is the sort key of a case without a due date: after every real date.
const NoDue = math.MaxInt64

// Find returns one page of the cases p may find that match f. The policy is
// pushed into the query as a superset (teams, services, classification) so
// that pages stay full and fast, then every row is re-checked with
// access.Decide(ActionFind). Errors: fault.Invalid (bad cursor).
func (s *Service) Find(ctx context.Context, p access.Principal, f Filter) (Page, error) {
	q, err := s.query(p, f)
	if err != nil {
		return Page{}, err
	}
	if q.Text != "" {
		return s.findText(ctx, p, q)
	}
	limit := q.Limit
	var out []Case
	more := false // the last batch was full: rows may remain after q.After
	for round := 0; round < findRounds && len(out) <= limit; round++ {
		q.Limit = limit + 1
		batch, err := s.Store.FindCases(ctx, q)
		if err != nil {
			return Page{}, err
		}
		for _, c := range batch {
			if s.ask(p, access.ActionFind, c).Allow {
				out = append(out, c)
			}
		}
		more = len(batch) == q.Limit
		if !more {
			break
		}
		last := batch[len(batch)-1]
		q.After = &Cursor{Key: SortKey(last, q.Sort), ID: last.ID}
	}
	page := Page{Cases: out}
	switch {
	case len(out) > limit:
		page.Cases = out[:limit]
		last := out[limit-1]
		page.Next = EncodeCursor(Cursor{Key: SortKey(last, q.Sort), ID: last.ID})
	case more:
		// Out of rounds with rows left: a short page, and the cursor continues
		// after the last row read (not shown), so nothing is skipped.
		page.Next = EncodeCursor(*q.After)
	}
	return page, nil
}

func (s *Service) query(p access.Principal, f Filter) (Query, error) {
	q := Query{
		Teams: f.Teams, ServiceIDs: f.ServiceIDs, States: f.States, Open: f.Open,
		Overdue: f.Overdue, Now: s.now().UTC(), DueBefore: f.DueBefore,
		Classification: f.Classification, SubmittedFrom: f.SubmittedFrom, SubmittedTo: f.SubmittedTo,
		Text: strings.TrimSpace(f.Query), Sort: f.Sort, Limit: f.Limit, Access: access.ScopeOf(p),
	}
	if p.Kind == access.KindStaff && !q.Access.All {
		q.Access.ServiceIDs = append(q.Access.ServiceIDs, s.ownedServices(q.Access.Teams)...)
	}
	if f.RaisedByMe {
		// Only the caller's own: the SQL narrows to them, Decide still checks each.
		q.Access = access.Scope{All: true, CreatedBy: p.UserID, OfficialOnly: !p.MFA}
	}
	switch f.Assignee {
	case "":
	case "none":
		q.Unassigned = true
	default:
		q.Assignee = f.Assignee
	}
	switch {
	case q.Sort == SortSubmitted || q.Sort == SortUpdated:
	case q.Sort == SortDue && q.Text != "":
	case q.Text != "":
		q.Sort = SortRelevance
	default:
		q.Sort = SortDue
	}
	if q.Limit <= 0 {
		q.Limit = defaultLimit
	}
	q.Limit = min(q.Limit, maxLimit)
	if f.Cursor != "" {
		c, err := DecodeCursor(f.Cursor)
		if err != nil {
			return Query{}, err
		}
		q.After = &c
	}
	return q, nil
}

// SortKey is a case's position under a sort order, as stored in cursors.
func SortKey(c Case, s Sort) int64 {
	switch s {
	case SortSubmitted:
		return c.SubmittedAt.UnixMicro()
	case SortUpdated:
		return c.UpdatedAt.UnixMicro()
	}
	if c.DueAt == nil {
		return NoDue
	}
	return c.DueAt.UnixMicro()
}

// EncodeCursor makes an opaque page cursor.
func EncodeCursor(c Cursor) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(c.Key))
	binary.BigEndian.PutUint64(b[8:], uint64(c.ID))
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// DecodeCursor reads a cursor made by EncodeCursor; fault.Invalid otherwise.
func DecodeCursor(s string) (Cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) != 16 {
		return Cursor{}, fault.New(fault.Invalid, "bad page cursor")
	}
	return Cursor{Key: int64(binary.BigEndian.Uint64(b[:8])), ID: int64(binary.BigEndian.Uint64(b[8:]))}, nil
}

// ownedServices are the services owned by any of teams: their cases stay
// visible to the owning team when sent to another team (access.Resource.ServiceTeam).
func (s *Service) ownedServices(teams []string) []string {
	if len(teams) == 0 || s.Services == nil || s.Services.Load() == nil {
		return nil
	}
	var out []string
	for _, d := range s.Services.Load().All() {
		if slices.Contains(teams, d.Team) {
			out = append(out, d.ID)
		}
	}
	return out
}
