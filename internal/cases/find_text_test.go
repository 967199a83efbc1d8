package cases_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

func submitWith(t *testing.T, svc *cases.Service, serviceID, text string) cases.Case {
	t.Helper()
	answers := potholeAnswers()
	answers["location"] = service.Answer{Text: text}
	if serviceID == "safeguarding-concern" {
		answers = service.Answers{"concern": {Text: text}, "full_name": {Text: "Bea"}}
	}
	c, err := svc.Submit(context.Background(), access.Anonymous, cases.Submission{ServiceID: serviceID, Answers: answers, Channel: cases.ChannelWeb})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// pageAll reads every page of f, pages of three, returning the references in
// order and the first page (which carries the counts).
func pageAll(t *testing.T, svc *cases.Service, p access.Principal, f cases.Filter) ([]string, cases.Page) {
	t.Helper()
	var refs []string
	var first cases.Page
	for pages := 0; ; pages++ {
		page, err := svc.Find(context.Background(), p, f)
		if err != nil {
			t.Fatal(err)
		}
		if pages == 0 {
			first = page
		}
		if page.Next != "" && len(page.Cases) != f.Limit {
			t.Errorf("page %d has %d cases with a next page, want full pages", pages, len(page.Cases))
		}
		for _, c := range page.Cases {
			refs = append(refs, c.Ref)
		}
		if page.Next == "" || pages > 100 {
			return refs, first
		}
		f.Cursor = page.Next
	}
}

// TestTextSearchAgreesWithTheQueue: a text search, paged, returns exactly
// what the slow path returns (the whole queue in the same order, read
// through the access policy, keeping the cases that hold the word), for
// readers the policy treats differently, on both databases.
func TestTextSearchAgreesWithTheQueue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, clk := newService(t, s)
		holds := map[string]bool{}
		for i := range 24 {
			serviceID, word := "report-a-pothole", "Heron Road"
			if i%3 == 1 {
				serviceID = "safeguarding-concern"
			}
			if i%4 != 0 {
				word = "Kestrel Lane"
			}
			c := submitWith(t, svc, serviceID, fmt.Sprintf("Outside %d %s", i, word))
			holds[c.Ref] = word == "Kestrel Lane"
			clk.Add(time.Duration(7-i%5) * time.Hour) // due dates not in submission order
		}
		swNoMFA := socialWorker
		swNoMFA.MFA = false
		readers := map[string]access.Principal{
			"officer": officer, "social worker": socialWorker, "social worker without MFA": swNoMFA,
			"auditor":         {Kind: access.KindStaff, UserID: "u-aud", Grants: []access.Grant{{Role: access.RoleAuditor, Team: "*"}}, MFA: true},
			"role everywhere": {Kind: access.KindStaff, UserID: "u-roving", Grants: []access.Grant{{Role: "officer", Team: "*"}}, MFA: true},
			"system":          access.System, "resident": access.Anonymous,
		}
		for name, p := range readers {
			for _, sort := range []cases.Sort{cases.SortDue, cases.SortSubmitted, cases.SortUpdated} {
				t.Run(name+"/"+string(sort), func(t *testing.T) {
					queue, _ := pageAll(t, svc, p, cases.Filter{Sort: sort, Limit: 3})
					want := slices.DeleteFunc(queue, func(ref string) bool { return !holds[ref] })
					got, first := pageAll(t, svc, p, cases.Filter{Query: "kestrel", Sort: sort, Limit: 3})
					if !slices.Equal(got, want) {
						t.Errorf("search pages = %v\nwant %v", got, want)
					}
					if first.Matches != len(want) || first.ManyMatches {
						t.Errorf("Matches = %d (many %v), want %d", first.Matches, first.ManyMatches, len(want))
					}
				})
			}
		}
		if _, err := svc.Find(context.Background(), officer, cases.Filter{Query: "kestrel", Cursor: cases.EncodeCursor(cases.Cursor{Key: 3, ID: 9})}); !errors.Is(err, fault.Invalid) {
			t.Errorf("a queue cursor given to a search: %v, want Invalid", err)
		}
	})
}

// TestTextSearchRanksBestFirst: by default a search is ranked, the case
// naming the word most often first, ties newest first.
func TestTextSearchRanksBestFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, clk := newService(t, s)
		var refs []string
		for _, text := range []string{
			"kestrel nest by the lamp post on the corner",   // once
			"kestrel kestrel kestrel nest by the lamp post", // three times
			"kestrel kestrel nest by the lamp post corner",  // twice
			"kestrel nest by the lamp post on the corner",   // once, newer
		} {
			refs = append(refs, submitWith(t, svc, "report-a-pothole", text).Ref)
			clk.Add(time.Hour)
		}
		want := []string{refs[1], refs[2], refs[3], refs[0]}
		for _, words := range []string{"kestrel", "Kestrels NESTING"} { // words are matched by their stems, on both databases
			got, _ := pageAll(t, svc, officer, cases.Filter{Query: words, Limit: 3})
			if !slices.Equal(got, want) {
				t.Errorf("%q ranked = %v, want %v", words, got, want)
			}
		}
		if got, _ := pageAll(t, svc, officer, cases.Filter{Query: "kes", Limit: 3}); len(got) != 0 {
			t.Errorf("a prefix found %v: words are whole words", got)
		}
	})
}

// TestTextSearchOfACommonWordIsBounded: past MaxTextMatches a search says
// there are many, without a count, and pages only the newest matches.
func TestTextSearchOfACommonWordIsBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		svc, clk := newService(t, s)
		oldest := submitWith(t, svc, "report-a-pothole", "Outside the library").Ref
		for i := range cases.MaxTextMatches {
			clk.Add(time.Minute)
			submitWith(t, svc, "report-a-pothole", fmt.Sprintf("Outside %d, by the library", i))
		}
		got, first := pageAll(t, svc, officer, cases.Filter{Query: "library", Sort: cases.SortSubmitted, Limit: 200})
		if !first.ManyMatches || len(got) != cases.MaxTextMatches || slices.Contains(got, oldest) {
			t.Errorf("many = %v, paged %d cases (oldest included: %v), want many, %d newest", first.ManyMatches, len(got), slices.Contains(got, oldest), cases.MaxTextMatches)
		}
		if _, narrow := pageAll(t, svc, officer, cases.Filter{Query: "library 999", Limit: 200}); narrow.ManyMatches || narrow.Matches != 1 {
			t.Errorf("a narrower search: many %v, %d matches; want 1", narrow.ManyMatches, narrow.Matches)
		}
	})
}
