package workspace

import (
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/workday"
)

func TestQueueQueryRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want queueQuery
		url  string
	}{
		{"empty is the default sort", "", queueQuery{Sort: "due"}, pathQueue},
		{"unknown sort falls back", "sort=drop+table", queueQuery{Sort: "due"}, pathQueue},
		{"every filter", "team=highways&service=pothole&state=new&state=open&assignee=me&overdue=1&due=week&q=+oak+&sort=updated&cursor=abc",
			queueQuery{Team: "highways", Service: "pothole", States: []string{"new", "open"}, Assignee: "me", Overdue: true, DueWeek: true, Query: "oak", Sort: "updated", Cursor: "abc"},
			pathQueue + "?assignee=me&cursor=abc&due=week&overdue=1&q=oak&service=pothole&sort=updated&state=new&state=open&team=highways"},
		{"blank states dropped", "state=&state=+", queueQuery{Sort: "due"}, pathQueue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := url.ParseQuery(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			got := parseQueueQuery(v)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("parse = %+v, want %+v", got, tt.want)
			}
			if u := got.URL(); u != tt.url {
				t.Fatalf("URL = %q, want %q", u, tt.url)
			}
		})
	}
}

func TestQueueQueryPaging(t *testing.T) {
	q := queueQuery{Team: "a", Sort: "due", Cursor: "c1"}
	if got := q.withCursor("c2").URL(); got != pathQueue+"?cursor=c2&team=a" {
		t.Errorf("withCursor: %s", got)
	}
	if got := q.withSort("updated").URL(); got != pathQueue+"?sort=updated&team=a" {
		t.Errorf("withSort drops the cursor: %s", got)
	}
}

func TestEndOfWeek(t *testing.T) {
	tests := []struct {
		now  time.Time
		want workday.Date
	}{
		{time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), workday.NewDate(2026, 11, 30)},  // Monday
		{time.Date(2026, 11, 29, 23, 0, 0, 0, time.UTC), workday.NewDate(2026, 11, 30)}, // Sunday night
		{time.Date(2026, 11, 29, 23, 30, 0, 0, time.UTC), workday.NewDate(2026, 11, 30)},
		{time.Date(2026, 7, 5, 23, 30, 0, 0, time.UTC), workday.NewDate(2026, 7, 13)}, // BST: already Monday 6 July in London
	}
	for _, tt := range tests {
		got := endOfWeek(tt.now)
		if want := tt.want.Start(); !got.Equal(want) {
			t.Errorf("endOfWeek(%s) = %s, want %s", tt.now, got, want)
		}
	}
}

func TestSafeReturn(t *testing.T) {
	tests := map[string]string{
		"/workspace/queue?team=a":  "/workspace/queue?team=a",
		"https://evil.example/x":   pathQueue,
		"//evil.example/workspace": pathQueue,
		"/sign-out":                pathQueue,
		"":                         pathQueue,
		"/workspace/../sign-out":   pathQueue,
	}
	for in, want := range tests {
		if got := safeReturn(in, pathQueue); got != want {
			t.Errorf("safeReturn(%q) = %q, want %q", in, got, want)
		}
	}
}
