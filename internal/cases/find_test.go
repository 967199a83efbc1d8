package cases_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

func submitConcern(t *testing.T, svc *cases.Service) cases.Case {
	t.Helper()
	c, err := svc.Submit(context.Background(), access.Anonymous, cases.Submission{ServiceID: "safeguarding-concern",
		Answers: service.Answers{"concern": {Text: "A child left alone"}, "full_name": {Text: "Bea"}}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestFindAndGetFollowPolicy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, _ := newService(t, s)
		pothole, concern := submitPothole(t, svc, ""), submitConcern(t, svc)
		swNoMFA := socialWorker
		swNoMFA.MFA = false
		auditor := access.Principal{Kind: access.KindStaff, UserID: "u-aud", Grants: []access.Grant{{Role: access.RoleAuditor, Team: "*"}}, MFA: true}
		tests := []struct {
			name string
			p    access.Principal
			want []string
		}{
			{"highways officer sees highways only", officer, []string{pothole.Ref}},
			{"social worker sees the sensitive case", socialWorker, []string{concern.Ref}},
			{"without a second factor, not even the owning team", swNoMFA, nil},
			{"auditor sees OFFICIAL only", auditor, []string{pothole.Ref}},
			{"resident sees nothing", access.Anonymous, nil},
			{"system sees all", access.System, []string{pothole.Ref, concern.Ref}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				page, err := svc.Find(ctx, tt.p, cases.Filter{Sort: cases.SortSubmitted})
				if err != nil {
					t.Fatal(err)
				}
				got := map[string]bool{}
				for _, c := range page.Cases {
					got[c.Ref] = true
				}
				if len(got) != len(tt.want) {
					t.Fatalf("found %v, want %v", got, tt.want)
				}
				for _, r := range tt.want {
					if !got[r] {
						t.Errorf("missing %s in %v", r, got)
					}
				}
			})
		}
		if _, err := svc.Get(ctx, officer, concern.Ref); !errors.Is(err, fault.NotFound) {
			t.Errorf("team B Get of team A's sensitive case: %v, want NotFound", err)
		}
		if _, err := svc.Get(ctx, socialWorker, concern.Ref); err != nil {
			t.Fatalf("owning team Get: %v", err)
		}
		views, _ := (&audit.Service{Store: s}).Search(ctx, audit.Filter{Subject: concern.Ref, Action: cases.AuditView})
		if len(views) != 1 || views[0].Actor != socialWorker.UserID {
			t.Errorf("sensitive view audit = %+v, want one entry by the social worker", views)
		}
		if _, err := svc.Get(ctx, officer, pothole.Ref); err != nil {
			t.Fatal(err)
		}
		if views, _ := (&audit.Service{Store: s}).Search(ctx, audit.Filter{Subject: pothole.Ref, Action: cases.AuditView}); len(views) != 0 {
			t.Errorf("OFFICIAL views are not audited, got %+v", views)
		}
	})
}

func TestFindPagesWithCursor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, clk := newService(t, s)
		want := map[string]bool{}
		for range 7 {
			want[submitPothole(t, svc, "").Ref] = true
			submitConcern(t, svc) // invisible to the officer: pages must still fill
			clk.Add(time.Hour)
		}
		for _, sort := range []cases.Sort{cases.SortDue, cases.SortSubmitted, cases.SortUpdated} {
			t.Run(string(sort), func(t *testing.T) {
				seen := map[string]bool{}
				f := cases.Filter{Limit: 3, Sort: sort}
				for pages := 0; ; pages++ {
					page, err := svc.Find(ctx, officer, f)
					if err != nil {
						t.Fatal(err)
					}
					if page.Next != "" && len(page.Cases) != 3 {
						t.Errorf("page %d has %d cases, want full pages", pages, len(page.Cases))
					}
					for _, c := range page.Cases {
						if seen[c.Ref] || !want[c.Ref] {
							t.Errorf("unexpected or repeated %s", c.Ref)
						}
						seen[c.Ref] = true
					}
					if page.Next == "" {
						break
					}
					f.Cursor = page.Next
				}
				if len(seen) != len(want) {
					t.Errorf("paged through %d cases, want %d", len(seen), len(want))
				}
			})
		}
		if _, err := svc.Find(ctx, officer, cases.Filter{Cursor: "!!"}); !errors.Is(err, fault.Invalid) {
			t.Errorf("bad cursor: %v, want Invalid", err)
		}
	})
}

func TestCheckOverdueOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, clk := newService(t, s)
		c := submitPothole(t, svc, "")
		if n, err := svc.CheckOverdue(ctx); err != nil || n != 0 {
			t.Fatalf("before due: %d, %v", n, err)
		}
		clk.Add(20 * 24 * time.Hour)
		if page, _ := svc.Find(ctx, officer, cases.Filter{Overdue: true}); len(page.Cases) != 1 {
			t.Errorf("overdue filter found %d, want 1", len(page.Cases))
		}
		if n, err := svc.CheckOverdue(ctx); err != nil || n != 1 {
			t.Fatalf("after due: %d, %v; want 1", n, err)
		}
		if n, err := svc.CheckOverdue(ctx); err != nil || n != 0 {
			t.Fatalf("second run: %d, %v; want 0", n, err)
		}
		overdue := 0
		for _, m := range pending(t, s, c.Ref) {
			if m.Topic == "notify" && strings.Contains(string(m.Payload), "is overdue") {
				overdue++
			}
		}
		if overdue != 1 {
			t.Errorf("overdue notifications = %d, want 1", overdue)
		}
	})
}

func TestFindShortPageKeepsCursor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, clk := newService(t, s)
		pothole := submitPothole(t, svc, "")
		for range 20 { // newer, and invisible to the officer
			clk.Add(time.Minute)
			submitConcern(t, svc)
		}
		// A role in every team: SQL can only narrow to "all", the Go re-check drops the concerns.
		roving := access.Principal{Kind: access.KindStaff, UserID: "u-roving", Grants: []access.Grant{{Role: "officer", Team: "*"}}, MFA: true}
		f := cases.Filter{Limit: 1, Sort: cases.SortSubmitted}
		var found []string
		short := 0
		for pages := 0; pages < 10; pages++ {
			page, err := svc.Find(ctx, roving, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range page.Cases {
				found = append(found, c.Ref)
			}
			if page.Next == "" {
				break
			}
			if len(page.Cases) == 0 {
				short++
			}
			f.Cursor = page.Next
		}
		if len(found) != 1 || found[0] != pothole.Ref {
			t.Fatalf("found %v, want only %s", found, pothole.Ref)
		}
		if short == 0 {
			t.Error("expected an empty page with a cursor: the test no longer exercises the round limit")
		}
	})
}
