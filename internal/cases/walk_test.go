package cases_test

import (
	"context"
	"slices"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// countingStore counts the calls the case service makes to its store.
type countingStore struct {
	cases.Store
	reads, events, writes, audits int
}

func (c *countingStore) CaseByRef(ctx context.Context, ref string) (cases.Case, error) {
	c.reads++
	return c.Store.CaseByRef(ctx, ref)
}

func (c *countingStore) CaseEvents(ctx context.Context, id int64) ([]cases.Event, error) {
	c.events++
	return c.Store.CaseEvents(ctx, id)
}

func (c *countingStore) ApplyChanges(ctx context.Context, ch ...cases.Change) error {
	c.writes++
	return c.Store.ApplyChanges(ctx, ch...)
}

func (c *countingStore) AppendAudit(ctx context.Context, es ...audit.Entry) error {
	c.audits++
	return c.Store.AppendAudit(ctx, es...)
}

// counted is svc with its store calls and policy decisions counted from now.
func counted(svc *cases.Service, s *store.Store) (*countingStore, *int) {
	cs, decisions := &countingStore{Store: s}, new(int)
	svc.Store = cs
	cases.CountDecisions(svc, decisions)
	return cs, decisions
}

// TestTransitionWalk walks an officer's transition from the posted form to
// the database: the case is read once, the policy asked once, and
// everything is written in one transaction with no audit entry of its own.
func TestTransitionWalk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, _ := newService(t, s)
		c := submitPothole(t, svc, "")
		c, err := svc.Transition(ctx, officer, c.Ref, "start", nil, c.Version)
		if err != nil {
			t.Fatal(err)
		}
		st, decisions := counted(svc, s)
		form := service.Form{"resolution": {"  Filled with tarmac  "}}
		a, err := svc.Apply(ctx, officer, c.Ref, cases.TransitionRequest{Transition: "fix", Form: form, Version: c.Version})
		if err != nil || a.Case.State != "fixed" {
			t.Fatalf("Apply = %+v, %v", a.Case, err)
		}
		got := [5]int{st.reads, *decisions, st.writes, st.audits, st.events}
		if want := [5]int{1, 1, 1, 0, 0}; got != want {
			t.Errorf("case reads, decisions, writes, standalone audits, event reads = %v, want %v", got, want)
		}
		evs, _ := s.CaseEvents(ctx, c.ID)
		if last := evs[len(evs)-1]; last.Fields["resolution"].Text != "Filled with tarmac" {
			t.Errorf("answer stored as %q, want it decoded by the codec (trimmed)", last.Fields["resolution"].Text)
		}
	})
}

// TestActionsWalk: the case page's question "what may I do" reads the case
// once and asks the policy three questions (view, act, merge) once each.
func TestActionsWalk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, _ := newService(t, s)
		c := submitPothole(t, svc, "")
		st, decisions := counted(svc, s)
		a, err := svc.Actions(ctx, officer, c.Ref)
		if err != nil {
			t.Fatal(err)
		}
		got := [4]int{st.reads, st.events, *decisions, st.audits}
		if want := [4]int{1, 1, 3, 0}; got != want {
			t.Errorf("case reads, event reads, decisions, audits = %v, want %v", got, want)
		}
		if !a.Act || !a.Take || a.NoteTo != service.RecipientResident || len(a.Timeline) != 1 {
			t.Errorf("actions = %+v", a)
		}
		ids := func(ts []cases.AllowedTransition) []string {
			var out []string
			for _, t := range ts {
				out = append(out, t.ID)
			}
			return out
		}
		if got := ids(a.Transitions); !slices.Equal(got, []string{"start"}) {
			t.Errorf("transitions = %v, want [start]", got)
		}
		if _, ok := a.Transition("fix"); ok {
			t.Error("fix is offered from received")
		}
	})
}

// TestActionsRefuse: who may see but not work a case is offered nothing;
// who may not see it gets fault.NotFound.
func TestActionsRefuse(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, _ := newService(t, s)
		c := submitPothole(t, svc, "")
		auditor := access.Principal{Kind: access.KindStaff, UserID: "u-aud", Grants: []access.Grant{{Role: access.RoleAuditor, Team: "*"}}, MFA: true}
		if a, err := svc.Actions(ctx, auditor, c.Ref); err != nil || a.Act || len(a.Transitions) > 0 || len(a.Officers) > 0 {
			t.Errorf("auditor: %+v, %v", a, err)
		}
		if _, err := svc.Actions(ctx, socialWorker, c.Ref); err == nil {
			t.Error("another team's officer opened the case")
		}
	})
}

// TestSensitiveTransitionAudit: after a transition on an OFFICIAL-SENSITIVE
// case the audit log holds the submission and the transition, and no view
// (the transition is not a read of the case).
func TestSensitiveTransitionAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, _ := newService(t, s)
		c, err := svc.Submit(ctx, access.Anonymous, cases.Submission{ServiceID: "safeguarding-concern", Channel: cases.ChannelWeb,
			Answers: service.Answers{"concern": {Text: "A child left alone"}, "full_name": {Text: "Ada Resident"}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Apply(ctx, socialWorker, c.Ref, cases.TransitionRequest{Transition: "close", Form: service.Form{}, Version: c.Version}); err != nil {
			t.Fatal(err)
		}
		es, err := s.AuditEntries(ctx, audit.Filter{Subject: c.Ref, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range es {
			got = append(got, e.Actor+" "+e.Action+" "+e.Classification)
		}
		want := []string{"resident case.submit OFFICIAL-SENSITIVE", "u-sw case.transition OFFICIAL-SENSITIVE"}
		if !slices.Equal(got, want) {
			t.Errorf("audit log of %s =\n%q\nwant\n%q", c.Ref, got, want)
		}
	})
}
