package records_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// TestRecordsManagerPages: the list, a hold that blocks approval, approval,
// a deferral with its errors, and the certificate the disposal leaves.
func TestRecordsManagerPages(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		a, b := e.listDue()
		webtest.Run(t, e.client(officer), []webtest.Scenario{
			{Name: "an officer may not see the list", URL: "/records/disposals", Status: http.StatusForbidden, NotContains: []string{a}},
			{Name: "nor place holds", Method: "POST", URL: "/records/holds", Form: url.Values{"kind": {"case"}, "target": {a}, "reason": {"x"}}, Status: http.StatusForbidden},
		})
		m := e.client(manager)
		webtest.Run(t, m, []webtest.Scenario{
			{Name: "list", URL: "/records/disposals", Status: 200, Contains: []string{"Case " + a, "Case " + b, "Approve disposal", "Delete (class:4.1.1, P6Y from closed)"}},
			{Name: "hold without a reason", Method: "POST", URL: "/records/holds", Form: url.Values{"kind": {"case"}, "target": {b}}, Status: 422, Contains: []string{"There is a problem", "Say what the hold covers and why"}},
			{Name: "hold", Method: "POST", URL: "/records/holds", Form: url.Values{"kind": {"case"}, "target": {b}, "reason": {"Ombudsman case 25-0042"}}, Status: http.StatusSeeOther},
			{Name: "holds page", URL: "/records/holds", Status: 200, Contains: []string{"case " + b, "Ombudsman case 25-0042", "Release"}},
			{Name: "held item shows its hold", URL: "/records/disposals", Status: 200, Contains: []string{"Held:</strong> #1 Ombudsman case 25-0042"}},
			{Name: "held item refused", Method: "POST", URL: "/records/disposals/" + e.dueID(b) + "/approve", Status: http.StatusConflict, Contains: []string{"legal hold #1"}},
			{Name: "defer without reason", Method: "POST", URL: "/records/disposals/" + e.dueID(a) + "/defer", Form: url.Values{"years": {"2"}}, Status: 422, Contains: []string{"Say why it must be kept"}},
			{Name: "approve", Method: "POST", URL: "/records/disposals/" + e.dueID(a) + "/approve", Status: http.StatusSeeOther},
		})
		if r, err := e.Records.RunRetention(context.Background()); err != nil || r.Disposed != 1 {
			t.Fatalf("disposal: %+v %v", r, err)
		}
		// The JSON API, with a token of the complaints team, no longer has
		// the disposed complaint by reference, timeline, list or search; the
		// held one is still there.
		token := e.Token(auth.TokenRequest{Name: "disposal check", Grants: []access.Grant{{Role: "officer", Team: "customer-feedback"}}})
		bearer := map[string]string{"Authorization": "Bearer " + token}
		webtest.Run(t, e.client(access.Principal{}), []webtest.Scenario{
			{Name: "the API does not read the disposed case", URL: "/api/v1/cases/" + a, Headers: bearer, Status: http.StatusNotFound},
			{Name: "nor its timeline", URL: "/api/v1/cases/" + a + "/events", Headers: bearer, Status: http.StatusNotFound},
			{Name: "the API still reads the held case", URL: "/api/v1/cases/" + b, Headers: bearer, Status: 200, Contains: []string{b}},
			{Name: "the API list has only the held case", URL: "/api/v1/cases?service=complaint", Headers: bearer, Status: 200, Contains: []string{b}, NotContains: []string{a}},
			{Name: "the API search does not find the disposed words", URL: "/api/v1/cases?q=rude", Headers: bearer, Status: 200, NotContains: []string{a, "rude"}},
			{Name: "while it finds the held case's", URL: "/api/v1/cases?q=answered", Headers: bearer, Status: 200, Contains: []string{b}},
		})
		res, body := m.Get("/records/certificates")
		if res.StatusCode != 200 || !strings.Contains(body, "case "+a) {
			t.Fatalf("certificates page %d:\n%s", res.StatusCode, body)
		}
		res, body = m.Get("/records/certificates/1")
		var cert records.Certificate
		if res.StatusCode != 200 || json.Unmarshal([]byte(body), &cert) != nil || cert.Subject != a || cert.ApprovedBy != manager.UserID {
			t.Fatalf("certificate %d: %s", res.StatusCode, body)
		}
		if strings.Contains(body, "rude") {
			t.Error("the certificate holds the complaint's words")
		}
	})
}
