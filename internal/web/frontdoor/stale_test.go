package frontdoor_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// TestStaleAnswerNotSubmitted: a saved answer that no longer passes (here a
// phone number changed behind the form's back) is not submitted; the
// resident is sent to the page that asks it.
func TestStaleAnswerNotSubmitted(t *testing.T) {
	e := newEnv(t)
	c := e.Client(zeroPrincipal)
	def, _ := e.Registry.Load().Get("report-a-pothole")
	answers := service.Answers{}
	path := "/services/report-a-pothole/questions/where"
	for !strings.HasSuffix(path, "/check-answers") {
		path = answerPage(t, e, c, def, path, answers)
	}
	u, _ := url.Parse(e.URL)
	var session string
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == "guildhall_frontdoor" {
			sum := sha256.Sum256([]byte(ck.Value))
			session = hex.EncodeToString(sum[:])
		}
	}
	id, saved, _, err := e.Store.LoadDraft(t.Context(), session, def.ID)
	if err != nil {
		t.Fatal(err)
	}
	saved["phone"] = service.Answer{Text: "12"}
	if err := e.Store.SaveDraft(t.Context(), id, session, def.ID, saved); err != nil {
		t.Fatal(err)
	}
	res, _ := c.PostForm(path, nil)
	if res.StatusCode != 303 || res.Header.Get("Location") != "/services/report-a-pothole/questions/you?change=1" {
		t.Fatalf("submitting a stale answer: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if n := caseCount(e, def.ID); n != 0 {
		t.Errorf("%d cases, want 0", n)
	}
}
