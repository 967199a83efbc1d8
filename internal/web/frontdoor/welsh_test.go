package frontdoor_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/golden"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
)

// TestWelshJourney: a resident chooses Cymraeg and reports a missed bin in
// Welsh: the pages, the errors from validation, check your answers (a date
// in Welsh) and the confirmation email are Welsh, on SQLite and PostgreSQL.
func TestWelshJourney(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, e *platformtest.Platform) {
		c := e.Client(zeroPrincipal)
		const svc = "/services/missed-bin-collection"
		res, _ := c.Get(svc + "?lang=cy")
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != svc {
			t.Fatalf("language switch: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		_, body := c.Follow(res)
		for _, want := range []string{`<html lang="cy"`, "<h1 class=\"govuk-heading-xl\">Rhoi gwybod am gasgliad bin a fethwyd</h1>", "Dechrau nawr",
			`hreflang="en" lang="en" rel="alternate">English</a>`, "Neidio i’r prif gynnwys"} {
			if !strings.Contains(body, want) {
				t.Errorf("start page lacks %q", want)
			}
		}
		c.Get(svc + "/questions/bin") // a form page gives the client its form token
		res, body = c.PostForm(svc+"/questions/bin", url.Values{"collection_date-day": {"27"}, "collection_date-year": {"2026"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("empty page: %d", res.StatusCode)
		}
		golden.Check(t, "testdata/welsh-bin-errors.html", mainOf(t, body))

		post := func(page string, form url.Values) {
			t.Helper()
			if res, body := c.PostForm(svc+"/questions/"+page, form); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("%s: %d\n%s", page, res.StatusCode, mainOf(t, body))
			}
		}
		post("address", url.Values{"address-line1": {"1 Stryd Fawr"}, "address-town": {"Caerdydd"}, "address-postcode": {"CF10 1AA"}})
		post("bin", url.Values{"bin_type": {"general"}, "collection_date-day": {"27"}, "collection_date-month": {"2"},
			"collection_date-year": {"2026"}, "put_out": {"yes"}})
		post("you", url.Values{"full_name": {"Gwen Jones"}, "contact_by": {"email"}, "email": {"gwen@example.org"}})
		_, body = c.Get(svc + "/check-answers")
		for _, want := range []string{"Gwiriwch eich atebion cyn anfon eich cais", "27 Chwefror 2026", "Gwastraff cyffredinol (bin du)", ">Ie<", "Derbyn ac anfon"} {
			if !strings.Contains(body, want) {
				t.Errorf("check your answers lacks %q", want)
			}
		}
		res, _ = c.PostForm(svc+"/check-answers", nil)
		_, body = c.Follow(res)
		ref := regexp.MustCompile(`<strong>([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})</strong>`).FindStringSubmatch(body)
		if ref == nil || !strings.Contains(body, "Cais wedi’i anfon") {
			t.Fatalf("confirmation:\n%s", mainOf(t, body))
		}
		if got, err := e.Store.CaseByRef(context.Background(), ref[1]); err != nil || got.Lang != "cy" {
			t.Errorf("case language = %q (%v), want cy", got.Lang, err)
		}
		golden.Check(t, "testdata/welsh-bin-email.txt", strings.ReplaceAll(caseEmail(t, e, ref[1]), ref[1], "REF"))
	})
}

// mainOf is a page's <main>, with the form token masked, as a person's
// screen shows it (the layout around it is the same on every page).
func mainOf(t *testing.T, body string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<main[^>]*>.*</main>`).FindString(body)
	if m == "" {
		t.Fatalf("no <main> in\n%s", body)
	}
	return regexp.MustCompile(`name="csrf_token" value="[^"]*"`).ReplaceAllString(m, `name="csrf_token" value="TOKEN"`) + "\n"
}

// caseEmail is the one email queued about a case, as "To, Subject, body".
func caseEmail(t *testing.T, e *platformtest.Platform, ref string) string {
	t.Helper()
	msgs, err := e.Store.OutboxByKey(context.Background(), jobs.TopicNotify, ref)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("outbox for %s: %d messages, %v", ref, len(msgs), err)
	}
	var p struct{ To, Subject, Body string }
	if err := json.Unmarshal(msgs[0].Payload, &p); err != nil {
		t.Fatal(err)
	}
	return "To: " + p.To + "\nSubject: " + p.Subject + "\n\n" + p.Body
}
