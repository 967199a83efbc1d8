package workspace_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// TestSensitiveTransitionAudit: posting transitions on an OFFICIAL-SENSITIVE
// case (one applied, one refused for its answers) writes the transition's
// own entry and nothing else: the post is not a view of the case (it used
// to write a spurious case.view before every transition).
func TestSensitiveTransitionAudit(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.Submit(access.Anonymous, "safeguarding", details("Concern"), cases.ChannelWeb)
		base := "/workspace/cases/" + c.Ref
		cl := e.Client(officerA)
		cl.Get("/workspace")
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
		c := e.Submit(access.Anonymous, "pothole", details("Hole"), cases.ChannelWeb)
		base := "/workspace/cases/" + c.Ref
		aud := e.Client(auditor)
		aud.Get("/workspace")
		webtest.Run(t, aud, []webtest.Scenario{
			{Name: "auditor reads the case, offered nothing", URL: base, Status: http.StatusOK, Contains: []string{"Case " + c.Ref},
				NotContains: []string{"Start investigating", "Take this case"}},
			{Name: "auditor: form", URL: base + "/transitions/investigate", Status: http.StatusNotFound},
			{Name: "auditor: post", Method: "POST", URL: base + "/transitions/investigate", Form: url.Values{"version": {"1"}}, Status: http.StatusNotFound},
		})
		off := e.Client(officerA)
		off.Get("/workspace")
		webtest.Run(t, off, []webtest.Scenario{
			{Name: "not from this state: form", URL: base + "/transitions/close", Status: http.StatusNotFound},
			{Name: "not from this state: post", Method: "POST", URL: base + "/transitions/close",
				Form: url.Values{"version": {"1"}, "resolution": {"x"}, "outcome": {"fixed"}}, Status: http.StatusNotFound},
			{Name: "no such transition", Method: "POST", URL: base + "/transitions/teleport", Form: url.Values{"version": {"1"}}, Status: http.StatusNotFound},
		})
	})
}
