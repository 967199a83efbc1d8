package cases_test

import (
	"context"
	"errors"
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

func TestTransitionRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, _ := newService(t, s)
		c := submitPothole(t, svc, "")
		started, err := svc.Transition(ctx, officer, c.Ref, "start", nil, c.Version)
		if err != nil || started.State != "in_progress" || started.Version != 2 {
			t.Fatalf("start = %+v, %v", started, err)
		}
		tests := []struct {
			name       string
			p          access.Principal
			transition string
			fields     service.Answers
			version    int
			want       *fault.Kind
		}{
			{"no role", clerk, "fix", service.Answers{"resolution": {Text: "filled"}}, 2, fault.Forbidden},
			{"other team cannot see it", socialWorker, "fix", nil, 2, fault.NotFound},
			{"resident", access.Anonymous, "fix", nil, 2, fault.NotFound},
			{"required field missing", officer, "fix", nil, 2, fault.Invalid},
			{"not from this state", officer, "start", nil, 2, fault.Invalid},
			{"unknown transition", officer, "teleport", nil, 2, fault.Invalid},
			{"stale version", officer, "fix", service.Answers{"resolution": {Text: "filled"}}, 1, fault.Conflict},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := svc.Transition(ctx, tt.p, c.Ref, tt.transition, tt.fields, tt.version)
				if !errors.Is(err, tt.want) {
					t.Fatalf("err = %v, want %v", err, tt.want)
				}
			})
		}
		fixed, err := svc.Transition(ctx, officer, c.Ref, "fix", service.Answers{"resolution": {Text: "Filled with tarmac"}}, 2)
		if err != nil || fixed.State != "fixed" || fixed.ClosedAt == nil {
			t.Fatalf("fix = %+v, %v", fixed, err)
		}
		events, _ := svc.Timeline(ctx, officer, c.Ref)
		if len(events) != 3 || events[2].Fields["resolution"].Text != "Filled with tarmac" {
			t.Errorf("timeline = %+v", events)
		}
	})
}

func TestClockPauseExtendsDueDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, clk := newService(t, s)
		c := submitPothole(t, svc, "") // Monday 2 March: due end of Monday 16 March
		due := *c.DueAt
		c, err := svc.Transition(ctx, officer, c.Ref, "start", nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		c, err = svc.Transition(ctx, officer, c.Ref, "wait", nil, 0) // paused on Monday 2 March
		if err != nil || c.PausedSince == nil {
			t.Fatalf("wait: %+v, %v", c, err)
		}
		clk.Add(7 * 24 * time.Hour) // resumes Monday 9 March
		c, err = svc.Transition(ctx, officer, c.Ref, "resume", nil, 0)
		if err != nil || c.PausedSince != nil || c.DueAt == nil {
			t.Fatalf("resume: %+v, %v", c, err)
		}
		// Paused 2–9 March inclusive disregards 5 working days (Tue 3 – Fri 6, Mon 9):
		// due moves from Monday 16 to Monday 23 March (ends at midnight into the 24th).
		if got := c.DueAt.In(london(t)).Format("2006-01-02"); got != "2026-03-24" || !c.DueAt.After(due) {
			t.Errorf("due after the pause = %v (was %v), want the end of 23 March", c.DueAt, due)
		}
		stored, _ := s.CaseByRef(ctx, c.Ref)
		if len(stored.History.Pauses) != 1 || stored.History.Pauses[0].To.IsZero() {
			t.Errorf("stored clock history = %+v", stored.History)
		}
	})
}

// TestAssignOnlyToOfficersWhoCanWorkTheCase: a case given to typed text, a
// leaver, a member with no role on the service or another team's officer
// would vanish from every queue that can see it; each is refused and the
// case keeps its assignee. The choices are offered by name.
func TestAssignOnlyToOfficersWhoCanWorkTheCase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, _ := newService(t, s)
		c := submitPothole(t, svc, "")
		offered, err := svc.Assignable(ctx, officer, c.Ref)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, o := range offered {
			got = append(got, o.ID+"="+o.Name)
		}
		want := []string{"u-other=Ola Other", "u-officer=Olu Officer", "u-team-lead=Tam Lead"}
		if !slices.Equal(got, want) {
			t.Errorf("Assignable = %v, want %v", got, want)
		}
		for _, who := range []string{"Olu", "nobody", "u-leaver", "u-member", "u-sw"} {
			if _, err := svc.Assign(ctx, officer, c.Ref, who, c.Version); !errors.Is(err, fault.Invalid) {
				t.Errorf("Assign(%q) = %v, want Invalid", who, err)
			}
			if err := svc.BulkAssign(ctx, leader, []string{c.Ref}, who); !errors.Is(err, fault.Invalid) {
				t.Errorf("BulkAssign(%q) = %v, want Invalid", who, err)
			}
		}
		if after, _ := s.CaseByRef(ctx, c.Ref); after.Assignee != "" || after.Version != c.Version {
			t.Errorf("refused assignments changed the case: assignee %q version %d", after.Assignee, after.Version)
		}
		if names := svc.OfficerNames(ctx, []string{"u-team-lead", "u-gone"}); len(names) != 1 || names["u-team-lead"] != "Tam Lead" {
			t.Errorf("OfficerNames = %v", names)
		}
	})
}

// TestBulkAssignIsForTeamLeaders: reassigning cases in bulk is a leader of
// their team's call, decided by the case service and not only by the queue
// that hides the form: an officer who may assign each case one at a time, and
// a leader of another team who may work the cases, are both refused, and a
// refusal moves none of the cases.
func TestBulkAssignIsForTeamLeaders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, _ := newService(t, s)
		a, b := submitPothole(t, svc, ""), submitPothole(t, svc, "")
		otherLeader := access.Principal{Kind: access.KindStaff, UserID: "u-care-lead", Name: "Cara Lead", Teams: []string{"social-care"},
			Grants: []access.Grant{{Role: "officer", Team: "*"}, {Role: access.RoleTeamLeader, Team: "social-care"}}, MFA: true}
		for _, who := range []access.Principal{officer, otherLeader} {
			if err := svc.BulkAssign(ctx, who, []string{a.Ref, b.Ref}, "u-other"); !errors.Is(err, fault.Forbidden) {
				t.Errorf("BulkAssign by %s = %v, want Forbidden", who.UserID, err)
			}
			if _, err := svc.Assign(ctx, who, a.Ref, "u-other", 0); err != nil {
				t.Fatalf("%s may still assign one case: %v", who.UserID, err)
			}
			if _, err := svc.Assign(ctx, who, a.Ref, "", 0); err != nil {
				t.Fatal(err)
			}
		}
		if after, _ := s.CaseByRef(ctx, b.Ref); after.Assignee != "" || after.Version != b.Version {
			t.Errorf("a refused bulk reassignment changed %s: assignee %q version %d", b.Ref, after.Assignee, after.Version)
		}
		if err := svc.BulkAssign(ctx, leader, []string{a.Ref, b.Ref}, "u-other"); err != nil {
			t.Fatalf("BulkAssign by the highways team leader: %v", err)
		}
		for _, ref := range []string{a.Ref, b.Ref} {
			if after, _ := s.CaseByRef(ctx, ref); after.Assignee != "u-other" {
				t.Errorf("%s assigned to %q, want u-other", ref, after.Assignee)
			}
		}
	})
}

func TestAssignAndNotes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, _ := newService(t, s)
		a, b := submitPothole(t, svc, ""), submitPothole(t, svc, "")
		if _, err := svc.Assign(ctx, officer, a.Ref, "u-officer", a.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Assign(ctx, officer, a.Ref, "u-other", a.Version); !errors.Is(err, fault.Conflict) {
			t.Errorf("assign with a stale version: %v, want Conflict", err)
		}
		if err := svc.BulkAssign(ctx, leader, []string{a.Ref, b.Ref}, "u-team-lead"); err != nil {
			t.Fatal(err)
		}
		if err := svc.BulkAssign(ctx, leader, []string{a.Ref, "ZZZZ-ZZZZ"}, "u-other"); !errors.Is(err, fault.NotFound) {
			t.Errorf("bulk assign with an unknown case: %v, want NotFound", err)
		}
		page, err := svc.Find(ctx, officer, cases.Filter{Assignee: "u-team-lead"})
		if err != nil || len(page.Cases) != 2 {
			t.Fatalf("Find(assignee) = %d, %v; want 2 (and the failed bulk assign changed nothing)", len(page.Cases), err)
		}
		if _, err := svc.AddNote(ctx, officer, a.Ref, "Crew booked for Thursday", cases.Resident); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddNote(ctx, officer, a.Ref, "Resident sounded cross", cases.Internal); err != nil {
			t.Fatal(err)
		}
		page, err = svc.Find(ctx, officer, cases.Filter{Query: "thursday"})
		if err != nil || len(page.Cases) != 1 || page.Cases[0].Ref != a.Ref {
			t.Errorf("notes are searchable: %+v, %v", page.Cases, err)
		}
		subjects := map[string]int{}
		for _, m := range pending(t, s, a.Ref) {
			subjects[m.Topic]++
		}
		// submitted: resident + team + webhook; assigned ×2 webhooks; notes: 1 resident + 2 webhooks.
		if subjects["notify"] != 3 || subjects["webhook"] != 5 {
			t.Errorf("outbox by topic = %v, want notify 3, webhook 5", subjects)
		}
	})
}
