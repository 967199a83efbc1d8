package workspace_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// TestNULInNotesAndSearches (a penetration test finding): a NUL in a note is a field message,
// in a search it finds nothing, and a reference drops it; never a 500 (PostgreSQL
// cannot store or compare a NUL).
func TestNULInNotesAndSearches(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.Submit(access.Anonymous, "pothole", details("Hole"), cases.ChannelWeb)
		base := "/workspace/cases/" + c.Ref
		cl := e.Client(officerA)
		cl.Get("/workspace")
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
