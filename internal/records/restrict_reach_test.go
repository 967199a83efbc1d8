package records_test

import (
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
	"github.com/guildhall-platform/guildhall/internal/webhooks"
)

// streetGovernance answers data protection requests and is also an
// officer of the street team: a restricted street case is one she could
// read anyway.
var streetGovernance = access.Principal{Kind: access.KindStaff, UserID: "u-ig-street", Name: "Gwen Governance", MFA: true,
	Teams:  []string{"information-governance", "street-scene"},
	Grants: []access.Grant{{Role: access.RoleInformationGovernance, Team: "information-governance"}, {Role: "officer", Team: "street-scene"}}}

// TestRestrictionReachesEveryPath: while Jane's processing is restricted,
// the street officer's queue leaves her reports out and her case page is a
// notice with nothing of her; nobody may work her open report (not in a
// bulk reassignment either), not even
// information governance, who may read it with the same notice; the JSON
// API refuses it in the notice's words; and the notifications and webhook
// events about her reports waiting in the outbox are withheld (audited,
// never sent) while Bob's go out. Once lifted, everything comes back and
// new changes are sent as usual; what was withheld stays unsent.
func TestRestrictionReachesEveryPath(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		w := newRightsWorld(t, p)
		ctx := w.ctx
		old := w.graffiti("Jane Smith", "Tag by the gate", false)
		open := w.graffiti("Jane Smith", "Tag on the library", true)
		bob := w.graffiti("Bob Jones", "Paint on the wall", true)
		req := w.request("Jane Smith", "restriction")
		w.ingest()
		queue := func() []string {
			t.Helper()
			page, err := p.Cases.Find(ctx, streetOfficer, cases.Filter{Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			var refs []string
			for _, c := range page.Cases {
				refs = append(refs, c.Ref)
			}
			return refsSorted(refs...)
		}
		if got := queue(); !slices.Equal(got, refsSorted(old, open, bob)) {
			t.Fatalf("the street officer's cases before the restriction: %v", got)
		}
		if err := p.Records.SetSubject(ctx, governance, req, caseKeys(old, open, req)); err != nil {
			t.Fatal(err)
		}
		if err := p.Records.Restrict(ctx, governance, req); err != nil {
			t.Fatal(err)
		}

		// The case service: no queue entry, no reading, no working.
		if got := queue(); !slices.Equal(got, []string{bob}) {
			t.Errorf("the street officer's cases while Jane is restricted: %v, want only Bob's %s", got, bob)
		}
		_, err := p.Cases.Get(ctx, streetOfficer, open)
		if want := "Case " + open + ": Processing of this person's information is restricted (UK GDPR Art. 18)"; !errors.Is(err, cases.ErrRestricted) ||
			!errors.Is(err, fault.Forbidden) || fault.Public(err) != want {
			t.Errorf("the street officer opens Jane's report: %v, want %q", err, want)
		}
		for _, who := range []access.Principal{streetOfficer, streetGovernance} {
			if _, err := p.Cases.Apply(ctx, who, open, cases.TransitionRequest{Transition: "remove"}); !errors.Is(err, cases.ErrRestricted) {
				t.Errorf("%s worked Jane's report: %v", who.Name, err)
			}
		}
		leader := streetOfficer
		leader.Grants = append(slices.Clone(leader.Grants), access.Grant{Role: access.RoleTeamLeader, Team: "street-scene"})
		if err := p.Cases.BulkAssign(ctx, leader, []string{bob, open}, streetOfficer.UserID); !errors.Is(err, cases.ErrRestricted) {
			t.Errorf("a bulk reassignment took in Jane's report: %v", err)
		}
		if c, err := p.Cases.Get(ctx, streetOfficer, bob); err != nil || c.Assignee != "" {
			t.Errorf("the refused bulk reassignment gave Bob's report to %q (%v): all or none", c.Assignee, err)
		}
		a, err := p.Cases.Actions(ctx, streetGovernance, open)
		if err != nil || !a.Case.Restricted || a.Act || len(a.Transitions) != 0 || a.Merge || a.Refund {
			t.Errorf("information governance's actions on Jane's report: act %v, transitions %v, merge %v, refund %v (%v)", a.Act, a.Transitions, a.Merge, a.Refund, err)
		}
		if p.Cases.Resource(a.Case).Restricted != true {
			t.Errorf("the case's resource does not carry the restriction")
		}

		// The workspace's case page and the JSON API.
		warning := `<strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span> Processing of this person&#39;s information is restricted (UK GDPR Art. 18). `
		jane := []string{"Tag on the library", "jane.smith@example.com", "Jane Smith", "Bus shelter"}
		webtest.Run(t, p.Client(streetOfficer), []webtest.Scenario{
			{Name: "the officer sees the notice in place of the case", URL: "/workspace/cases/" + open, Status: http.StatusForbidden,
				Contains:    []string{`<h1 class="govuk-heading-l">Case ` + open + `</h1>`, warning + "The case is kept, but nobody may read or work it until the restriction is lifted. Information governance can tell you more.</strong>"},
				NotContains: append([]string{"Actions</h2>", "Report graffiti"}, jane...)},
			{Name: "and may not add a note", Method: "POST", URL: "/workspace/cases/" + open + "/notes", Form: url.Values{"note": {"Called her"}}, Status: http.StatusForbidden},
			{Name: "Bob's report is as before", URL: "/workspace/cases/" + bob, Status: http.StatusOK, Contains: []string{"Actions</h2>"}, NotContains: []string{"govuk-warning-text"}},
		})
		webtest.Run(t, p.Client(streetGovernance), []webtest.Scenario{
			{Name: "information governance reads it, with the notice and no actions", URL: "/workspace/cases/" + open, Status: http.StatusOK,
				Contains: []string{warning + "Read this case only to answer a legal claim, to protect another person’s rights or to answer the person’s own request. Nobody may work it until the restriction is lifted.</strong>",
					"Tag on the library"},
				NotContains: []string{"Actions</h2>", `action="/workspace/cases/` + open + `/notes"`, `action="/workspace/cases/` + open + `/attachments"`}},
		})
		token := p.Token(auth.TokenRequest{Name: "street contractor", Grants: []access.Grant{{Role: "officer", Team: "street-scene"}}})
		bearer := map[string]string{"Authorization": "Bearer " + token}
		webtest.Run(t, p.Client(access.Principal{}), []webtest.Scenario{
			{Name: "the API refuses Jane's report", URL: "/api/v1/cases/" + open, Headers: bearer, Status: http.StatusForbidden,
				Contains:    []string{`"detail":"Case ` + open + `: Processing of this person's information is restricted (UK GDPR Art. 18)"`},
				NotContains: jane},
			{Name: "and reads Bob's", URL: "/api/v1/cases/" + bob, Headers: bearer, Status: http.StatusOK, Contains: []string{"Paint on the wall"}},
		})

		// The outbox: what was waiting about Jane's reports is withheld.
		withheldIDs := w.outboxIDs(old, open)
		if len(withheldIDs) == 0 {
			t.Fatal("no messages about Jane's reports were waiting: the test proves nothing")
		}
		if _, err := p.Worker.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if got := w.withheld(); !slices.Equal(got, withheldIDs) {
			t.Errorf("withheld %v, want the messages about Jane's reports %v", got, withheldIDs)
		}
		w.nothingWaiting()

		// Lifting brings it back; new changes are sent as usual.
		if err := p.Records.LiftRestriction(ctx, governance, req, "The accuracy of your details has been checked"); err != nil {
			t.Fatal(err)
		}
		if got := queue(); !slices.Equal(got, refsSorted(old, open, bob)) {
			t.Errorf("the street officer's cases after lifting: %v", got)
		}
		w.apply(open, "remove")
		if _, err := p.Worker.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if got := w.withheld(); !slices.Equal(got, withheldIDs) {
			t.Errorf("after lifting, withheld %v, want only what was withheld before %v", got, withheldIDs)
		}
		w.nothingWaiting()
		webtest.Run(t, p.Client(streetOfficer), []webtest.Scenario{
			{Name: "after lifting the officer reads Jane's report", URL: "/workspace/cases/" + open, Status: http.StatusOK,
				Contains: []string{"Tag on the library"}, NotContains: []string{"govuk-warning-text"}},
		})
	}, append(rightsOptions(), platformtest.Staff(streetGovernance))...)
}

// outboxIDs are the notification and webhook messages about the cases,
// sorted.
func (w *rightsWorld) outboxIDs(refs ...string) []string {
	w.t.Helper()
	var ids []string
	for _, ref := range refs {
		for _, topic := range []string{jobs.TopicNotify, jobs.TopicWebhook} {
			msgs, err := w.Store.OutboxByKey(w.ctx, topic, ref)
			if err != nil {
				w.t.Fatal(err)
			}
			for _, m := range msgs {
				ids = append(ids, m.ID)
			}
		}
	}
	return refsSorted(ids...)
}

// withheld are the messages the audit log says were withheld, sorted.
func (w *rightsWorld) withheld() []string {
	w.t.Helper()
	entries, err := w.Store.AuditEntries(w.ctx, audit.Filter{Action: cases.AuditWithheld, Limit: 100})
	if err != nil {
		w.t.Fatal(err)
	}
	var ids []string
	for _, e := range entries {
		var d struct{ Message, Reason string }
		if err := json.Unmarshal(e.Detail, &d); err != nil || e.Actor != access.System.UserID || d.Reason != access.RestrictedReason {
			w.t.Fatalf("withheld entry %+v: %v", e, err)
		}
		ids = append(ids, d.Message)
	}
	return refsSorted(ids...)
}

// nothingWaiting: every message in the outbox was handled (sent, or
// withheld and audited).
func (w *rightsWorld) nothingWaiting() {
	w.t.Helper()
	pending, dead, err := w.Store.OutboxDepth(w.ctx)
	if err != nil || pending != 0 || dead != 0 {
		w.t.Errorf("%d messages wait in the outbox and %d are dead (%v)", pending, dead, err)
	}
}

// TestRestrictionStopsRetriesAndTheOverdueJob: a webhook delivery about
// Jane's pothole report, fanned out and refused by its receiver before she
// asked for a restriction, is withheld when it is retried afterwards
// (Bob's goes); and the overdue job leaves her report alone while she is
// restricted, marking it once the restriction is lifted.
func TestRestrictionStopsRetriesAndTheOverdueJob(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		w := newRightsWorld(t, p)
		ctx := w.ctx
		p.Webhooks.AllowPrivate = true
		rc := &refReceiver{down: true, got: map[string]int{}}
		srv := httptest.NewServer(rc)
		t.Cleanup(srv.Close)
		reg := &webhooks.Registry{Store: p.Store, Now: p.Clock.Now}
		ep, err := reg.Register(ctx, webhooks.Endpoint{URL: srv.URL, Events: []string{"case.submitted"}, Services: []string{"report-a-pothole"}}, "u-admin")
		if err != nil {
			t.Fatal(err)
		}
		pothole := func(name string) string {
			return w.Submit(access.Anonymous, "report-a-pothole", service.Answers{"location": {Text: "Outside 4 Elm Grove"}, "full_name": {Text: name},
				"email": {Text: strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.com"}}, cases.ChannelWeb).Ref
		}
		jane, bob := pothole("Jane Smith"), pothole("Bob Jones")
		req := w.request("Jane Smith", "restriction")
		w.ingest()
		w.runWorker()
		if rc.refusedOf(jane) == 0 {
			t.Fatal("the receiver never refused Jane's delivery: nothing waits to be retried, so the test proves nothing")
		}
		if err := p.Records.SetSubject(ctx, governance, req, caseKeys(jane, req)); err != nil {
			t.Fatal(err)
		}
		if err := p.Records.Restrict(ctx, governance, req); err != nil {
			t.Fatal(err)
		}

		rc.up()
		p.Clock.Add(20 * 24 * time.Hour) // past both reports' ten working days, and every back-off
		w.runWorker()
		if got := rc.received(); got[jane] != 0 || got[bob] != 1 {
			t.Errorf("the receiver got %v: want Bob's %s once and nothing of Jane's %s", got, bob, jane)
		}
		var janes []string
		msgs, err := p.Store.OutboxByKey(ctx, webhooks.TopicDelivery, "endpoint:"+strconv.FormatInt(ep.ID, 10))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if webhooks.DeliveryCase(m) == jane {
				janes = append(janes, m.ID)
			}
		}
		if got := w.withheld(); len(janes) != 1 || !slices.Equal(got, janes) {
			t.Errorf("withheld %v, want Jane's retried delivery %v", got, janes)
		}

		overdue := func(ref string) bool {
			t.Helper()
			c, err := p.Store.CaseByRef(ctx, ref)
			if err != nil {
				t.Fatal(err)
			}
			return c.OverdueNotified
		}
		if _, err := p.Cases.CheckOverdue(ctx); err != nil {
			t.Fatal(err)
		}
		if !overdue(bob) || overdue(jane) {
			t.Errorf("while Jane is restricted: Bob's report marked overdue %v (want true), Jane's %v (want false)", overdue(bob), overdue(jane))
		}
		if err := p.Records.LiftRestriction(ctx, governance, req, "The accuracy of your details has been checked"); err != nil {
			t.Fatal(err)
		}
		if _, err := p.Cases.CheckOverdue(ctx); err != nil {
			t.Fatal(err)
		}
		if !overdue(jane) {
			t.Error("after lifting, Jane's report is still not marked overdue")
		}
	}, rightsOptions()...)
}

// runWorker drains the outbox of what is due now.
func (w *rightsWorld) runWorker() {
	w.t.Helper()
	for {
		n, err := w.Worker.RunOnce(w.ctx)
		if err != nil {
			w.t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

// refReceiver is a webhook receiver that refuses every delivery while
// down, and counts by case reference what it refused and what it took.
type refReceiver struct {
	mu           sync.Mutex
	down         bool
	got, refused map[string]int
}

func (rc *refReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var ev webhooks.Event
	if err := json.NewDecoder(r.Body).Decode(&ev); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.down {
		if rc.refused == nil {
			rc.refused = map[string]int{}
		}
		rc.refused[ev.Case.Ref]++
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
		return
	}
	rc.got[ev.Case.Ref]++
	w.WriteHeader(http.StatusNoContent)
}

func (rc *refReceiver) up() {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.down = false
}

func (rc *refReceiver) refusedOf(ref string) int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.refused[ref]
}

func (rc *refReceiver) received() map[string]int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return maps.Clone(rc.got)
}
