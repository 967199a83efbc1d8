package workspace_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

func details(s string) service.Answers { return service.Answers{"details": {Text: s}} }

// reported is a case a resident sent to serviceID with these details, and
// the path of its page in the workspace.
func reported(e *env, serviceID, text string) (cases.Case, string) {
	c := e.Submit(access.Anonymous, serviceID, details(text), cases.ChannelWeb)
	return c, "/workspace/cases/" + c.Ref
}

// TestOfficerWorksACase takes a case through the workspace as an officer
// would: find it in the queue, take it, move it on, fail to close it without
// the required fields, close it, and see every step in the timeline.
func TestOfficerWorksACase(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c, base := reported(e, "pothole", "Deep hole by the oak")
		cl := e.Client(officerA)
		webtest.Run(t, cl, []webtest.Scenario{
			{Name: "queue lists it with its clock", URL: "/workspace/queue?team=highways", Status: 200,
				Contains: []string{c.Ref, "Report a pothole", "New", "7 December 2026", "(10 working days left)", "Unassigned"}},
			{Name: "anyone filter keeps it", URL: "/workspace/queue?assignee=none", Status: 200, Contains: []string{c.Ref}},
			{Name: "mine filter drops it", URL: "/workspace/queue?assignee=me", Status: 200, NotContains: []string{base}},
			{Name: "overdue filter drops it", URL: "/workspace/queue?overdue=1", Status: 200, NotContains: []string{base}},
			{Name: "due this week drops it", URL: "/workspace/queue?due=week", Status: 200, NotContains: []string{base}},
			{Name: "case page", URL: base, Status: 200, Contains: []string{"Case " + c.Ref, "Deep hole by the oak", "Take this case", "Start investigating", "Received"},
				NotContains: []string{"Close the case", "OFFICIAL-SENSITIVE information"}},
			{Name: "officers offered by name, not id", URL: base, Status: 200, Contains: []string{
				`<option value="" selected>Nobody (unassigned)</option><option value="officer-a">Ada Officer</option><option value="leader-a">Lee Leader</option>`}},
			{Name: "typed text is refused", Method: "POST", URL: base + "/assign", Form: url.Values{"assignee": {"Ada"}, "version": {"1"}},
				Status: http.StatusUnprocessableEntity, Contains: []string{"Choose an officer from the list", "Unassigned"}},
			{Name: "another team's officer is refused", Method: "POST", URL: base + "/assign", Form: url.Values{"assignee": {officerB.UserID}, "version": {"1"}},
				Status: http.StatusUnprocessableEntity, Contains: []string{"Choose an officer from the list"}},
			{Name: "take it", Method: "POST", URL: base + "/assign", Form: url.Values{"assignee": {officerA.UserID}, "version": {"1"}},
				Status: http.StatusSeeOther, Location: base + "?done=assigned"},
			{Name: "mine filter now has it", URL: "/workspace/queue?assignee=me", Status: 200, Contains: []string{c.Ref}},
			{Name: "start investigating", Method: "POST", URL: base + "/transitions/investigate", Form: url.Values{"version": {"2"}},
				Status: http.StatusSeeOther, Location: base + "?done=transitioned"},
			{Name: "close form", URL: base + "/transitions/close", Status: 200, Contains: []string{"Resolution", "Outcome", `name="version" value="3"`}},
			{Name: "close without fields", Method: "POST", URL: base + "/transitions/close", Form: url.Values{"version": {"3"}},
				Status: http.StatusUnprocessableEntity, Contains: []string{"<title>Error: ", "There is a problem", `href="#resolution"`, `href="#outcome"`, "govuk-form-group--error"}},
			{Name: "close with a choice not offered", Method: "POST", URL: base + "/transitions/close", Form: url.Values{"version": {"3"}, "resolution": {"Filled"}, "outcome": {"maybe"}},
				Status: http.StatusUnprocessableEntity, Contains: []string{`href="#outcome"`, ">Filled</textarea>"}},
			{Name: "close", Method: "POST", URL: base + "/transitions/close", Form: url.Values{"version": {"3"}, "resolution": {"Filled with tarmac"}, "outcome": {"fixed"}},
				Status: http.StatusSeeOther},
			{Name: "timeline shows every step", URL: base + "?done=transitioned", Status: 200, Contains: []string{
				"The case was updated", "Assigned to Ada Officer", "Start investigating: New to Investigating",
				"Close the case: Investigating to Closed", "Resolution: Filled with tarmac", "Outcome: Fixed", "Closed"}, NotContains: []string{"Outcome: fixed"}},
			{Name: "a closed case offers no transitions", URL: base, Status: 200, NotContains: []string{"Start investigating</button>", "Close the case</a>"}},
		})
		got, err := e.Cases.Get(context.Background(), access.System, c.Ref)
		if err != nil || got.State != "closed" || got.ClosedAt == nil || got.Assignee != officerA.UserID {
			t.Fatalf("case after the walk: %+v, %v", got, err)
		}
	})
}

// TestStaleVersion: a change made from a page someone else has since changed
// is refused with a clear message and the case as it now is.
func TestStaleVersion(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c, base := reported(e, "pothole", "Hole")
		if _, err := e.Cases.Assign(context.Background(), leaderA, c.Ref, "leader-a", c.Version); err != nil {
			t.Fatal(err)
		}
		cl := atDesk(e, officerA)
		stale := []string{"This case was changed by someone else", "Assigned to Lee Leader"}
		webtest.Run(t, cl, []webtest.Scenario{
			{Name: "assign", Method: "POST", URL: base + "/assign", Form: url.Values{"assignee": {"officer-a"}, "version": {"1"}},
				Status: http.StatusConflict, Contains: stale},
			{Name: "transition without fields", Method: "POST", URL: base + "/transitions/investigate", Form: url.Values{"version": {"1"}},
				Status: http.StatusConflict, Contains: stale},
			{Name: "a form without a version is not applied blind", Method: "POST", URL: base + "/transitions/investigate", Form: url.Values{},
				Status: http.StatusConflict, Contains: stale},
		})
		got, _ := e.Cases.Get(context.Background(), access.System, c.Ref)
		if got.State != "new" || got.Assignee != "leader-a" {
			t.Fatalf("stale posts changed the case: %+v", got)
		}
	})
}

// TestBulkReassign: team leaders see checkboxes and reassign all selected
// cases in one post; officers see no checkboxes and cannot post it either.
func TestBulkReassign(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		a := e.Submit(access.Anonymous, "pothole", details("One"), cases.ChannelWeb)
		b := e.Submit(access.Anonymous, "pothole", details("Two"), cases.ChannelWeb)
		other := e.Submit(access.Anonymous, "repair", details("Three"), cases.ChannelWeb)
		queue := "/workspace/queue?team=highways"
		leader := e.Client(leaderA)
		webtest.Run(t, leader, []webtest.Scenario{
			{Name: "checkboxes for a leader", URL: queue, Status: 200, Contains: []string{`type="checkbox" value="` + a.Ref, "Reassign selected cases"}},
			{Name: "nothing selected", Method: "POST", URL: "/workspace/queue/reassign", Form: url.Values{"return": {queue}, "assignee": {"officer-a"}},
				Status: http.StatusUnprocessableEntity, Contains: []string{"Select the cases to reassign"}},
			{Name: "no assignee", Method: "POST", URL: "/workspace/queue/reassign", Form: url.Values{"return": {queue}, "ref": {a.Ref}},
				Status: http.StatusUnprocessableEntity, Contains: []string{"Select the officer to reassign the cases to"}},
			{Name: "typed text names nobody", Method: "POST", URL: "/workspace/queue/reassign", Form: url.Values{"return": {queue}, "ref": {a.Ref}, "assignee": {"Ada"}},
				Status: http.StatusUnprocessableEntity, Contains: []string{"That officer cannot work one or more of the selected cases. No cases were reassigned."}},
			{Name: "another team's officer", Method: "POST", URL: "/workspace/queue/reassign", Form: url.Values{"return": {queue}, "ref": {a.Ref}, "assignee": {"officer-b"}},
				Status: http.StatusUnprocessableEntity, Contains: []string{"No cases were reassigned."}},
			{Name: "one case of another team fails the lot", Method: "POST", URL: "/workspace/queue/reassign",
				Form:   url.Values{"return": {queue}, "ref": {a.Ref, other.Ref}, "assignee": {"officer-a"}},
				Status: http.StatusUnprocessableEntity, Contains: []string{"No cases were reassigned"}, NotContains: []string{other.Ref}},
			{Name: "reassign two", Method: "POST", URL: "/workspace/queue/reassign",
				Form:   url.Values{"return": {queue}, "ref": {a.Ref, b.Ref}, "assignee": {"officer-a"}},
				Status: http.StatusSeeOther, Location: "/workspace/queue?done=reassigned&team=highways"},
			{Name: "open redirect refused", Method: "POST", URL: "/workspace/queue/reassign",
				Form:   url.Values{"return": {"https://evil.example/"}, "ref": {a.Ref}, "assignee": {"officer-a"}},
				Status: http.StatusSeeOther, Location: "/workspace/queue?done=reassigned"},
		})
		for _, ref := range []string{a.Ref, b.Ref} {
			got, _ := e.Cases.Get(context.Background(), access.System, ref)
			if got.Assignee != "officer-a" {
				t.Errorf("%s assigned to %q", ref, got.Assignee)
			}
		}
		if got, _ := e.Cases.Get(context.Background(), access.System, other.Ref); got.Assignee != "" {
			t.Errorf("the other team's case was reassigned")
		}
		officer := atDesk(e, officerA)
		webtest.Run(t, officer, []webtest.Scenario{
			{Name: "no checkboxes for an officer", URL: queue, Status: 200, Contains: []string{a.Ref}, NotContains: []string{`name="ref"`}},
			{Name: "nor on the queue of all their cases", URL: "/workspace/queue", Status: 200, Contains: []string{a.Ref}, NotContains: []string{`name="ref"`}},
			{Name: "an officer's post is refused", Method: "POST", URL: "/workspace/queue/reassign",
				Form:   url.Values{"return": {queue}, "ref": {a.Ref, b.Ref}, "assignee": {"leader-a"}},
				Status: http.StatusUnprocessableEntity, Contains: []string{"You cannot reassign one or more of the selected cases. No cases were reassigned."}},
		})
		for _, ref := range []string{a.Ref, b.Ref} {
			if got, _ := e.Cases.Get(context.Background(), access.System, ref); got.Assignee != "officer-a" {
				t.Errorf("an officer's bulk post moved %s to %q", ref, got.Assignee)
			}
		}
	})
}

// TestNotesAndMarking: notes are internal or sent to the resident; an
// OFFICIAL-SENSITIVE case carries its marking on every page that shows it,
// and viewing it is audited.
func TestNotesAndMarking(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c, base := reported(e, "safeguarding", "Concern")
		marking := "This page shows OFFICIAL-SENSITIVE information"
		cl := atDesk(e, officerA)
		webtest.Run(t, cl, []webtest.Scenario{
			{Name: "queue marks it", URL: "/workspace/queue", Status: 200, Contains: []string{marking, "govuk-tag--orange"}},
			{Name: "case page marks it", URL: base, Status: 200, Contains: []string{marking}},
			{Name: "transition form marks it", URL: base + "/transitions/investigate", Status: 200, Contains: []string{marking}},
			{Name: "empty note", Method: "POST", URL: base + "/notes", Form: url.Values{"note": {"  "}},
				Status: http.StatusUnprocessableEntity, Contains: []string{"Enter the note", marking}},
			{Name: "internal note", Method: "POST", URL: base + "/notes", Form: url.Values{"note": {"Called the school"}, "visibility": {"internal"}},
				Status: http.StatusSeeOther},
			{Name: "resident note", Method: "POST", URL: base + "/notes", Form: url.Values{"note": {"We are looking into it"}, "visibility": {"resident"}},
				Status: http.StatusSeeOther},
			{Name: "timeline", URL: base, Status: 200, Contains: []string{"Called the school", "We are looking into it", "Sent to the resident"}},
		})
		entries, err := e.Audit.Search(context.Background(), audit.Filter{Subject: c.Ref, Action: cases.AuditView})
		if err != nil || len(entries) < 3 {
			t.Fatalf("views of the sensitive case audited %d times (%v), want at least 3", len(entries), err)
		}
		if entries[0].Actor != officerA.UserID {
			t.Errorf("audit actor %q", entries[0].Actor)
		}
	})
}

// TestAuditLog: auditors search and export; the export is audited; others get 404.
func TestAuditLog(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.Submit(access.Anonymous, "pothole", details("Hole"), cases.ChannelWeb)
		if _, err := e.Cases.Assign(context.Background(), officerA, c.Ref, "officer-a", 0); err != nil {
			t.Fatal(err)
		}
		cl := e.Client(auditor)
		webtest.Run(t, cl, []webtest.Scenario{
			{Name: "all", URL: "/workspace/audit", Status: 200, Contains: []string{c.Ref, "case.submit", "case.assign", "officer-a"}},
			{Name: "by actor", URL: "/workspace/audit?actor=officer-a", Status: 200, Contains: []string{"case.assign"}, NotContains: []string{"case.submit"}},
			{Name: "by action", URL: "/workspace/audit?action=case.submit", Status: 200, Contains: []string{c.Ref}, NotContains: []string{"case.assign"}},
			{Name: "by dates that hold it", URL: "/workspace/audit?from=2026-11-23&to=2026-11-23", Status: 200, Contains: []string{"case.assign"}},
			{Name: "by dates that do not", URL: "/workspace/audit?from=2026-11-24", Status: 200, Contains: []string{"No entries match"}},
			{Name: "bad date", URL: "/workspace/audit?from=23/11/2026", Status: http.StatusUnprocessableEntity, Contains: []string{"<title>Error: ", `href="#from"`}},
			{Name: "reversed dates", URL: "/workspace/audit?from=2026-11-24&to=2026-11-23", Status: http.StatusUnprocessableEntity, Contains: []string{"same as or after"}},
			{Name: "CSV", URL: "/workspace/audit/export?format=csv&action=case.assign", Status: 200,
				Header:   map[string]string{"Content-Type": "text/csv", "Content-Disposition": "attachment"},
				Contains: []string{"seq,at,actor,action,subject", "officer-a,case.assign," + c.Ref}, NotContains: []string{"case.submit"}},
			{Name: "JSON lines", URL: "/workspace/audit/export?format=jsonl&subject=" + c.Ref, Status: 200,
				Header: map[string]string{"Content-Type": "application/jsonl"}, Contains: []string{`"action":"case.submit"`, `"action":"case.assign"`}},
			{Name: "the exports are on record", URL: "/workspace/audit?action=audit.export", Status: 200, Contains: []string{"audit.export", "auditor"}},
		})
		res, body := cl.Get("/workspace/audit/export?format=jsonl")
		lines := strings.Count(strings.TrimSpace(body), "\n") + 1
		if res.StatusCode != 200 || lines < 4 {
			t.Fatalf("full export: %d, %d lines", res.StatusCode, lines)
		}
		webtest.Run(t, e.Client(officerA), []webtest.Scenario{
			{Name: "officers cannot", URL: "/workspace/audit", Status: 404},
		})
		noFactor := auditor
		noFactor.UserID, noFactor.MFA = "auditor-nomfa", false
		webtest.Run(t, e.Client(noFactor), []webtest.Scenario{
			{Name: "auditors need a second factor", URL: "/workspace/audit/export", Status: 404},
		})
	})
}

// TestCouncillorEnquiries: a councillor sees only their own enquiries, can
// read them but not work them, and is offered councillor services to raise.
func TestCouncillorEnquiries(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		own := e.Submit(cllrOwn, "member-enquiry", details("Streetlight out on Elm Road"), cases.ChannelStaff)
		other := e.Submit(cllrOther, "member-enquiry", details("Bins"), cases.ChannelStaff)
		if _, err := e.Cases.AddNote(context.Background(), access.System, own.Ref, "Internal only", cases.Internal); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Cases.AddNote(context.Background(), access.System, own.Ref, "Engineers booked", cases.Resident); err != nil {
			t.Fatal(err)
		}
		webtest.Run(t, e.Client(cllrOwn), []webtest.Scenario{
			{Name: "my enquiries", URL: "/workspace/enquiries", Status: 200, Contains: []string{own.Ref, "Member enquiry", "New"}, NotContains: []string{other.Ref}},
			{Name: "own enquiry", URL: "/workspace/cases/" + own.Ref, Status: 200, Contains: []string{"Streetlight out on Elm Road", "Engineers booked"},
				NotContains: []string{"Internal only", "Take this case", "Add a note"}},
			{Name: "raise lists councillor services only", URL: "/workspace/raise", Status: 200, Contains: []string{"Member enquiry", "/services/member-enquiry"},
				NotContains: []string{"myIT request", "Report a pothole"}},
		})
		webtest.Run(t, e.Client(officerA), []webtest.Scenario{
			{Name: "staff have no my enquiries", URL: "/workspace/enquiries", Status: 404},
			{Name: "raise lists staff services", URL: "/workspace/raise", Status: 200, Contains: []string{"myIT request", `href="/">use assisted digital`}, NotContains: []string{"Member enquiry"}},
			{Name: "home lists queues", URL: "/workspace", Status: 200, Contains: []string{"Team highways", "Report a pothole", "My cases"}, NotContains: []string{"Audit log"}},
		})
		webtest.Run(t, e.Client(access.Principal{}), []webtest.Scenario{
			{Name: "signed out goes to sign in", URL: "/workspace/queue", Status: http.StatusSeeOther, Location: "/sign-in?next=%2Fworkspace%2Fqueue"},
		})
	})
}

// TestSensitiveTransitionAudit: posting transitions on an OFFICIAL-SENSITIVE
// case (one applied, one refused for its answers) writes the transition's
// own entry and nothing else: the post is not a view of the case (it used
// to write a spurious case.view before every transition).
func TestSensitiveTransitionAudit(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c, base := reported(e, "safeguarding", "Concern")
		cl := atDesk(e, officerA)
		webtest.Run(t, cl, []webtest.Scenario{
			{Name: "investigate", Method: "POST", URL: base + "/transitions/investigate", Form: url.Values{"version": {"1"}},
				Status: http.StatusSeeOther, Location: base + "?done=transitioned"},
			{Name: "close without answers", Method: "POST", URL: base + "/transitions/close", Form: url.Values{"version": {"2"}},
				Status: http.StatusUnprocessableEntity, Contains: []string{`href="#resolution"`, "OFFICIAL-SENSITIVE"}},
		})
		es, err := e.Store.AuditEntries(context.Background(), audit.Filter{Subject: c.Ref, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, en := range es {
			got = append(got, en.Actor+" "+en.Action)
		}
		if want := []string{"resident case.submit", "officer-a case.transition"}; !slices.Equal(got, want) {
			t.Errorf("audit log of %s = %q, want %q", c.Ref, got, want)
		}
	})
}

// TestTransitionNotOffered: a transition the case service does not let the
// caller apply is 404 on the form and on the post, like one that does not
// exist: an auditor may read the case but not work it, and an officer may
// not apply a transition from a state it does not leave.
func TestTransitionNotOffered(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c, base := reported(e, "pothole", "Hole")
		aud := atDesk(e, auditor)
		webtest.Run(t, aud, []webtest.Scenario{
			{Name: "auditor reads the case, offered nothing", URL: base, Status: http.StatusOK, Contains: []string{"Case " + c.Ref},
				NotContains: []string{"Start investigating", "Take this case"}},
			{Name: "auditor: form", URL: base + "/transitions/investigate", Status: http.StatusNotFound},
			{Name: "auditor: post", Method: "POST", URL: base + "/transitions/investigate", Form: url.Values{"version": {"1"}}, Status: http.StatusNotFound},
		})
		off := atDesk(e, officerA)
		webtest.Run(t, off, []webtest.Scenario{
			{Name: "not from this state: form", URL: base + "/transitions/close", Status: http.StatusNotFound},
			{Name: "not from this state: post", Method: "POST", URL: base + "/transitions/close",
				Form: url.Values{"version": {"1"}, "resolution": {"x"}, "outcome": {"fixed"}}, Status: http.StatusNotFound},
			{Name: "no such transition", Method: "POST", URL: base + "/transitions/teleport", Form: url.Values{"version": {"1"}}, Status: http.StatusNotFound},
		})
	})
}

// TestNULInNotesAndSearches (a penetration test finding): a NUL in a note is a field message,
// in a search it finds nothing, and a reference drops it; never a 500 (PostgreSQL
// cannot store or compare a NUL).
func TestNULInNotesAndSearches(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c, base := reported(e, "pothole", "Hole")
		cl := atDesk(e, officerA)
		webtest.Run(t, cl, []webtest.Scenario{
			{Name: "note with a NUL", Method: "POST", URL: base + "/notes", Form: url.Values{"note": {"Called\x00 the school"}},
				Status: http.StatusUnprocessableEntity, Contains: []string{"Note must not include hidden control characters"}},
			{Name: "note with a bidi override", Method: "POST", URL: base + "/notes", Form: url.Values{"note": {"Paid \u202E0001£"}},
				Status: http.StatusUnprocessableEntity, Contains: []string{"Note must not include characters that change the direction of text"}},
			{Name: "queue search with a NUL", URL: "/workspace/queue?q=" + url.QueryEscape("hole\x00"), Status: http.StatusOK},
			// References are normalised (spaces, case, anything not in the alphabet dropped).
			{Name: "case reference with a NUL", URL: "/workspace/cases/" + url.PathEscape(c.Ref+"\x00"), Status: http.StatusOK},
		})
	})
}
