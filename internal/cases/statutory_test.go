package cases_test

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// ig is an information governance officer who may apply every FOI and
// subject access transition.
var ig = access.Principal{Kind: access.KindStaff, UserID: "u-ig", Name: "Ivy Governance", Teams: []string{"information-governance"},
	Grants: []access.Grant{{Role: "officer", Team: "information-governance"}, {Role: "team_leader", Team: "information-governance"},
		{Role: "reviewer", Team: "information-governance"}}, MFA: true}

// statutory is a case service over the bundled definitions, its clock and store.
type statutory struct {
	t   *testing.T
	s   *store.Store
	svc *cases.Service
	clk *platformtest.Clock
	// emails are the requester's emails by case reference, in the order sent.
	emails map[string][]string
}

func newStatutory(t *testing.T, s *store.Store) *statutory {
	p := platformtest.New(t, platformtest.OnStore(s), platformtest.Bundled(),
		platformtest.Configure(func(c *platform.Config) { c.TeamMailbox = "{team}@council.example" }))
	return &statutory{t: t, s: s, svc: p.Cases, clk: p.Clock, emails: map[string][]string{}}
}

// at sets the clock to a UK wall-clock time ("2026-11-02 10:00").
func (st *statutory) at(uk string) {
	st.t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", uk, london(st.t))
	if err != nil {
		st.t.Fatal(err)
	}
	st.clk.Set(v)
}

func (st *statutory) submit(serviceID string, answers service.Answers) cases.Case {
	st.t.Helper()
	c, err := st.svc.Submit(context.Background(), access.Anonymous, cases.Submission{ServiceID: serviceID, Answers: answers})
	if err != nil {
		st.t.Fatalf("submit %s: %v", serviceID, err)
	}
	return c
}

func (st *statutory) do(ref, transition string, fields service.Answers) cases.Case {
	st.t.Helper()
	c, err := st.svc.Transition(context.Background(), ig, ref, transition, fields, 0)
	if err != nil {
		st.t.Fatalf("%s: %v", transition, err)
	}
	return c
}

// due asserts the case's due date, or that it has none ("").
func (st *statutory) due(c cases.Case, want string) {
	st.t.Helper()
	d, ok := c.DueDate()
	got := ""
	if ok {
		got = d.String()
	}
	if got != want {
		st.t.Errorf("%s in %s: due %q, want %q", c.Ref, c.State, got, want)
	}
}

// overdueNow runs the overdue check and reports whether it queued anything.
func (st *statutory) overdueNow() int {
	st.t.Helper()
	n, err := st.svc.CheckOverdue(context.Background())
	if err != nil {
		st.t.Fatal(err)
	}
	return n
}

// email is the body of the requester's email whose subject starts with
// subject (each transition sends at most one such email).
func (st *statutory) email(ref, subject string) string {
	st.t.Helper()
	// Claim as at 2100 (the fake clock runs ahead of the real one); each
	// message is claimed once.
	all, err := st.s.ClaimOutbox(context.Background(), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), 10000, time.Hour)
	if err != nil {
		st.t.Fatal(err)
	}
	for _, m := range all {
		var n struct{ To, Subject, Body string }
		if m.Topic == "notify" && json.Unmarshal(m.Payload, &n) == nil && n.To == "req@example.org" {
			st.emails[m.Key] = append(st.emails[m.Key], n.Subject+"\x00"+n.Body)
		}
	}
	for _, e := range st.emails[ref] {
		if subj, body, _ := strings.Cut(e, "\x00"); strings.HasPrefix(subj, subject) {
			return body
		}
	}
	return ""
}

func (st *statutory) outcomes(serviceID string) string {
	st.t.Helper()
	outs, err := st.s.ClockOutcomes(context.Background(), serviceID, "2000-01-01", "2100-01-01")
	if err != nil {
		st.t.Fatal(err)
	}
	var b strings.Builder
	for _, o := range outs {
		b.WriteString(o.Clock + " received " + o.Received.String() + " due " + o.Due.String())
		if o.Met {
			b.WriteString(" met; ")
		} else {
			b.WriteString(" missed by " + itoa(o.WorkingDaysLate) + " working days (" + itoa(o.CalendarDaysLate) + " days); ")
		}
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }

func foiAnswers() service.Answers {
	return service.Answers{"request": {Text: "Pothole repair spending 2025"}, "format": {Text: "email"},
		"full_name": {Text: "Rita Requester"}, "email": {Text: "req@example.org"}}
}

func sarAnswers() service.Answers {
	return service.Answers{"for_someone_else": {Text: "no"}, "full_name": {Text: "Sam Subject"},
		"date_of_birth": {Text: "1980-03-27"}, "email": {Text: "req@example.org"},
		"address": {Address: &service.Address{Line1: "1 High Street", Town: "Cambridge", Postcode: "CB1 1AA"}}}
}

// TestFOIClarificationRestartsAndMetStaysMet: s.1(3) – a fresh 20 working
// days from the clarification; never overdue while waiting for it; answered
// in time it is recorded as met and never reported overdue, while the
// internal review runs (and misses) its own 20 working days.
func TestFOIClarificationRestartsAndMetStaysMet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		st := newStatutory(t, s)
		st.at("2026-11-02 10:00") // Monday, GMT
		c := st.submit("foi-request", foiAnswers())
		st.due(c, "2026-12-01") // 20 working days; 30 November is St Andrew's Day (all-UK rule)
		if got := st.email(c.Ref, "Your Freedom of Information request"); !strings.Contains(got, "We will reply by Tuesday 1 December 2026.") {
			t.Errorf("acknowledgement: %q", got)
		}
		st.at("2026-11-04 09:00")
		c = st.do(c.Ref, "ask_clarification", service.Answers{"question": {Text: "Which roads?"}})
		st.due(c, "")
		st.at("2026-12-09 12:00") // long past the first due date: still not overdue
		if c.Overdue(st.clk.Now()) || st.overdueNow() != 0 {
			t.Errorf("a request waiting for clarification was reported overdue")
		}
		st.at("2026-12-10 16:30")
		c = st.do(c.Ref, "clarification_received", nil)
		st.due(c, "2027-01-13") // a fresh 20 working days from 11 December, over Christmas and both 2 January days
		if got := st.email(c.Ref, "We have your clarification"); !strings.Contains(got, "We will reply by Wednesday 13 January 2027.") {
			t.Errorf("clarification email: %q", got)
		}
		st.at("2027-01-13 17:00")
		c = st.do(c.Ref, "respond", service.Answers{"outcome": {Text: "granted"}, "response": {Text: "The figures are attached."}})
		st.due(c, "")
		if got := st.outcomes("foi-request"); got != "response received 2026-12-10 due 2027-01-13 met; " {
			t.Errorf("outcomes = %q", got)
		}
		st.at("2027-01-20 10:00")
		c = st.do(c.Ref, "request_review", nil)
		st.due(c, "2027-02-17")
		if got := st.email(c.Ref, "We are reviewing"); !strings.Contains(got, "We will send you the review decision by Wednesday 17 February 2027.") {
			t.Errorf("review email: %q", got)
		}
		st.at("2027-02-17 23:59")
		if n := st.overdueNow(); n != 0 {
			t.Errorf("overdue on its last day: %d", n)
		}
		st.at("2027-02-18 00:01")
		if n := st.overdueNow(); n != 1 {
			t.Errorf("the review is overdue the day after its last day: queued %d, want 1", n)
		}
		st.at("2027-02-19 11:00")
		c = st.do(c.Ref, "review_complete", service.Answers{"decision": {Text: "We uphold our response."}})
		if c.ClosedAt == nil || c.DueAt != nil {
			t.Errorf("closed case %+v", c)
		}
		want := "response received 2026-12-10 due 2027-01-13 met; internal_review received 2027-01-20 due 2027-02-17 missed by 2 working days (2 days); "
		if got := st.outcomes("foi-request"); got != want {
			t.Errorf("outcomes = %q\nwant       %q", got, want)
		}
	})
}

// TestFOIFeesNoticePauses: s.9 – the days from the fees notice to the fee,
// both included, do not count; waiting for the fee is never overdue; a fee
// never paid closes the request with no outcome.
func TestFOIFeesNoticePauses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		st := newStatutory(t, s)
		st.at("2026-06-01 10:00") // Monday, BST
		c := st.submit("foi-request", foiAnswers())
		st.due(c, "2026-06-30") // Scotland's one-off 15 June 2026 is not a working day
		st.at("2026-06-04 12:00")
		c = st.do(c.Ref, "issue_fees_notice", service.Answers{"fee": {Text: "£450: 18 hours at £25"}})
		st.due(c, "")
		st.at("2026-06-10 09:00")
		c = st.do(c.Ref, "fee_paid", nil)
		st.due(c, "2026-07-07") // 4–10 June disregarded: five more working days
		if got := st.email(c.Ref, "We have received your fee"); !strings.Contains(got, "We will reply by Tuesday 7 July 2026.") {
			t.Errorf("fee paid email: %q", got)
		}

		st.at("2026-07-07 16:00")
		st.do(c.Ref, "respond", service.Answers{"outcome": {Text: "not_held"}, "response": {Text: "We do not hold it."}})

		st.at("2026-06-01 10:00")
		other := st.submit("foi-request", foiAnswers())
		other = st.do(other.Ref, "issue_fees_notice", service.Answers{"fee": {Text: "£450"}})
		st.at("2026-10-01 10:00")
		if st.overdueNow() != 0 {
			t.Error("a request waiting for its fee was reported overdue")
		}
		other = st.do(other.Ref, "fee_not_paid", nil)
		if other.State != "lapsed" || other.ClosedAt == nil {
			t.Errorf("fee not paid: %+v", other)
		}
		if got := st.outcomes("foi-request"); got != "response received 2026-06-01 due 2026-07-07 met; " {
			t.Errorf("outcomes = %q, want the answered request's only", got)
		}
	})
}

// TestSARIdentityRestartsTheMonth: proof of identity asked for on receipt
// and arriving weeks later starts the month on the day it arrives (ICO);
// a clarification stops the clock and it continues afterwards (Art. 12A).
func TestSARIdentityRestartsTheMonth(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		st := newStatutory(t, s)
		st.at("2026-01-15 10:00")
		c := st.submit("subject-access-request", sarAnswers())
		st.due(c, "2026-02-16") // 15 February 2026 is a Sunday
		c = st.do(c.Ref, "ask_for_identity", service.Answers{"identity_needed": {Text: "Please send a copy of your passport."}})
		st.due(c, "")
		st.at("2026-03-20 10:00")
		if st.overdueNow() != 0 {
			t.Error("a request waiting for proof of identity was reported overdue")
		}
		st.at("2026-03-31 09:15") // BST: the clocks went forward on 29 March
		c = st.do(c.Ref, "identity_verified", nil)
		st.due(c, "2026-04-30") // one month from 31 March: April has no 31st
		if got := st.email(c.Ref, "We have confirmed your identity"); !strings.Contains(got, "We will respond by Thursday 30 April 2026.") {
			t.Errorf("identity email: %q", got)
		}
		st.at("2026-04-07 10:00")
		c = st.do(c.Ref, "ask_clarification", service.Answers{"question": {Text: "Which years?"}})
		st.due(c, "")
		st.at("2026-04-10 10:00")
		c = st.do(c.Ref, "clarification_received", nil)
		st.due(c, "2026-05-05") // 7–10 April do not count: 30 April + 4 days is Monday 4 May, a bank holiday
		c = st.do(c.Ref, "start_redaction", nil)
		st.at("2026-05-07 10:00")
		c = st.do(c.Ref, "respond", service.Answers{"response": {Text: "Your information is attached."}})
		if got := st.outcomes("subject-access-request"); got != "response received 2026-03-31 due 2026-05-05 missed by 2 working days (2 days); " {
			t.Errorf("outcomes = %q", got)
		}
	})
}

// TestSARMonthEnd: the ICO's examples of "one calendar month" at the case
// service, received late in the day in GMT.
func TestSARMonthEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		st := newStatutory(t, s)
		for _, tt := range []struct{ received, due string }{
			{"2026-01-31 23:30", "2026-03-02"}, // 28 February is a Saturday
			{"2026-09-03 09:00", "2026-10-05"}, // 3 October is a Saturday
			{"2026-03-31 00:30", "2026-04-30"}, // BST, still 30 March in UTC
			{"2026-11-25 15:00", "2026-12-29"}, // Christmas Day, then the Boxing Day substitute
		} {
			st.at(tt.received)
			st.due(st.submit("subject-access-request", sarAnswers()), tt.due)
		}
	})
}

// TestDefinitionChangedWhileWaiting: a subject access request that was
// waiting for proof of identity under the old definition (pauses_clock, an
// open pause in its history) restarts its month when the proof arrives under
// the new one (restarts_clock), rather than staying stopped for ever.
func TestDefinitionChangedWhileWaiting(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		st := newStatutory(t, s)
		st.at("2026-01-15 10:00")
		c := st.submit("subject-access-request", sarAnswers())
		// As the old definition left it: in awaiting_identity with an open pause.
		c.State, c.Version = "awaiting_identity", c.Version+1
		c.History.Pauses = []cases.Pause{{From: st.clk.Now()}}
		c.DueAt = nil
		if err := s.ApplyChanges(context.Background(), cases.Change{Case: c, ExpectVersion: c.Version - 1}); err != nil {
			t.Fatal(err)
		}
		st.at("2026-03-31 09:15")
		c = st.do(c.Ref, "identity_verified", nil)
		st.due(c, "2026-04-30")
		if c.PausedSince != nil {
			t.Errorf("still stopped since %v", c.PausedSince)
		}
	})
}

// TestOlderCasesAreNeverWronglyOverdue: cases stored before the bundled FOI
// said completes_clock and restarts stopped the clock (one answered in time
// and now in internal review, one waiting for a clarification) are not
// reported overdue; the answered one is recorded as met.
func TestOlderCasesAreNeverWronglyOverdue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		st := newStatutory(t, s)
		ctx := context.Background()
		st.at("2026-11-02 10:00")
		old := func(state string, at string) cases.Case {
			c := st.submit("foi-request", foiAnswers())
			st.at(at)
			c.State, c.UpdatedAt, c.Version = state, st.clk.Now(), c.Version+1
			if err := s.ApplyChanges(ctx, cases.Change{Case: c, ExpectVersion: c.Version - 1}); err != nil {
				t.Fatal(err)
			}
			st.at("2026-11-02 10:00")
			return c
		}
		answered := old("responded", "2026-11-30 15:00")
		waiting := old("clarification_requested", "2026-11-04 09:00")
		st.at("2026-12-20 10:00")
		if n := st.overdueNow(); n != 0 {
			t.Errorf("queued %d overdue notices, want none", n)
		}
		for _, ref := range []string{answered.Ref, waiting.Ref} {
			c, _ := s.CaseByRef(ctx, ref)
			st.due(c, "")
		}
		if got := st.outcomes("foi-request"); got != "response received 2026-11-02 due 2026-12-01 met; " {
			t.Errorf("outcomes = %q", got)
		}
	})
}

// TestClockDateRecordsWhenItArrived: proof of identity that arrived on 31
// March but was recorded on 2 April starts the month on 31 March; a date
// before the request for it is refused, on the field.
func TestClockDateRecordsWhenItArrived(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		st := newStatutory(t, s)
		st.at("2026-03-02 10:00")
		c := st.submit("subject-access-request", sarAnswers())
		c = st.do(c.Ref, "ask_for_identity", service.Answers{"identity_needed": {Text: "A passport."}})
		st.at("2026-04-02 14:00")
		_, err := st.svc.Transition(context.Background(), ig, c.Ref, "identity_verified", service.Answers{"identity_received": {Text: "2026-03-01"}}, 0)
		var ve *service.ValidationError
		if !errors.As(err, &ve) || len(ve.Errors) != 1 || ve.Errors[0].Field != "identity_received" {
			t.Fatalf("a date before we asked: %v", err)
		}
		c = st.do(c.Ref, "identity_verified", service.Answers{"identity_received": {Text: "2026-03-31"}})
		st.due(c, "2026-04-30")
	})
}
