package workspace

import (
	"net/url"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/workday"
)

// queueQuery is a queue's filters, sort and position as they appear in the URL,
// so that every view of a queue can be bookmarked and shared.
type queueQuery struct {
	Team     string
	Service  string
	States   []string
	Assignee string // "", "me", "none" or a user id
	Overdue  bool
	DueWeek  bool // due by the end of this week
	Query    string
	Sort     string // "due" (default), "updated", "submitted"
	Cursor   string
}

// sorts are the orders a queue offers, first the default; a search offers
// bestMatch as well, first.
var sorts = []string{"due", "updated", "submitted"}

// bestMatch is the order of a search by default: ranked by the words.
const bestMatch = "relevance"

// sortsOf are the orders q may be shown in, its default first.
func (q queueQuery) sortsOf() []string {
	if q.Query != "" {
		return append([]string{bestMatch}, sorts...)
	}
	return sorts
}

// parseQueueQuery reads a queue's URL. Unknown values are dropped rather than
// refused: a stale bookmark should still show a queue.
func parseQueueQuery(v url.Values) queueQuery {
	q := queueQuery{
		Team:     strings.TrimSpace(v.Get("team")),
		Service:  strings.TrimSpace(v.Get("service")),
		Assignee: strings.TrimSpace(v.Get("assignee")),
		Overdue:  v.Get("overdue") != "",
		DueWeek:  v.Get("due") == "week",
		Query:    strings.TrimSpace(v.Get("q")),
		Sort:     v.Get("sort"),
		Cursor:   v.Get("cursor"),
	}
	for _, s := range v["state"] {
		if s = strings.TrimSpace(s); s != "" {
			q.States = append(q.States, s)
		}
	}
	if !contains(q.sortsOf(), q.Sort) {
		q.Sort = q.sortsOf()[0]
	}
	return q
}

// values writes the query back as URL values, leaving defaults out.
func (q queueQuery) values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("team", q.Team)
	set("service", q.Service)
	for _, s := range q.States {
		v.Add("state", s)
	}
	set("assignee", q.Assignee)
	if q.Overdue {
		v.Set("overdue", "1")
	}
	if q.DueWeek {
		v.Set("due", "week")
	}
	set("q", q.Query)
	if q.Sort != q.sortsOf()[0] {
		v.Set("sort", q.Sort)
	}
	set("cursor", q.Cursor)
	return v
}

// URL is the queue page for q.
func (q queueQuery) URL() string {
	if e := q.values().Encode(); e != "" {
		return pathQueue + "?" + e
	}
	return pathQueue
}

// withCursor is q at another page.
func (q queueQuery) withCursor(c string) queueQuery { q.Cursor = c; return q }

// withSort is q sorted another way, from its first page.
func (q queueQuery) withSort(s string) queueQuery { q.Sort, q.Cursor = s, ""; return q }

// endOfWeek is the first instant after this week (Monday to Sunday, UK time):
// "due this week" means due before it.
func endOfWeek(now time.Time) time.Time {
	d := workday.DateOf(now)
	daysToMonday := (8 - int(d.Weekday())) % 7
	if daysToMonday == 0 {
		daysToMonday = 7
	}
	return d.AddDays(daysToMonday).Start()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
