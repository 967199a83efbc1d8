package frontdoor_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/govukpay/paytest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// answerRepeat adds as many items as the repeat needs (at least one), each
// first posted empty for its errors, and answers "no" to adding another.
func answerRepeat(t *testing.T, e *env, c *webtest.Client, path string, q *service.Question, answers service.Answers) string {
	t.Helper()
	var items []service.Answers
	for n := 1; n <= max(q.MinItems, 1); n++ {
		item := path + "/items/" + itoa(n)
		if res, body := c.PostForm(item, url.Values{}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "There is a problem") {
			t.Fatalf("%s posted empty: %d", item, res.StatusCode)
		}
		form := url.Values{}
		for i := range q.Questions {
			for k, v := range validForm(&q.Questions[i], e.Clock.Now()) {
				form[k] = v
			}
		}
		if res, body := c.PostForm(item, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d\n%s", item, res.StatusCode, errorSummary(body))
		}
		a, _ := q.DecodeItem(service.Form(form), e.Clock.Now())
		items = append(items, a)
	}
	answers[q.ID] = service.Answer{Items: items}
	res, body := c.PostForm(path, url.Values{"add-another": {"no"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s no more: %d\n%s", path, res.StatusCode, errorSummary(body))
	}
	return res.Header.Get("Location")
}

func itoa(n int) string { return string(rune('0' + n)) }

// TestAddAnother walks the GOV.UK "add another" pattern without
// JavaScript: the first item asked at once, the list with change and
// remove, the limit of three, the errors a person sees, and the items on
// "Check your answers" and in the case.
func TestAddAnother(t *testing.T) {
	e := newEnv(t)
	c := e.Client(zeroPrincipal)
	const svc = "/services/resident-parking-permit/questions/"
	must := func(r resp, status int, want ...string) string {
		t.Helper()
		res, body := r.res, r.body
		if res.StatusCode != status {
			t.Fatalf("%s %s: status %d, want %d\n%s", res.Request.Method, res.Request.URL.Path, res.StatusCode, status, errorSummary(body))
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s %s: missing %q\n%s", res.Request.Method, res.Request.URL.Path, w, errorSummary(body))
			}
		}
		if status == http.StatusSeeOther {
			return res.Header.Get("Location")
		}
		return body
	}
	vehicle := func(reg, make string) url.Values {
		return url.Values{"registration": {reg}, "make": {make}, "keeper": {"yes"}}
	}
	must(got(c.Get(svc+"address")), 200)
	must(got(c.PostForm(svc+"address", url.Values{"address-line1": {"1 High Street"}, "address-town": {"Guildtown"}, "address-postcode": {"SW1A 1AA"}})), 303)

	// No vehicle yet: the list page asks the first vehicle's questions.
	if loc := must(got(c.Get(svc+"vehicles")), 303); loc != svc+"vehicles/items/1" {
		t.Fatalf("empty list leads to %s", loc)
	}
	must(got(c.Get(svc+"vehicles/items/1")), 200, "<h1 class=\"govuk-heading-l\">Vehicle 1</h1>", `name="registration"`, `name="make"`)
	must(got(c.PostForm(svc+"vehicles/items/1", vehicle("AB12 CD%", ""))), 422,
		"Registration number must only include letters, numbers and spaces", "Enter make and model",
		`href="#registration"`, `href="#make"`)
	if loc := must(got(c.PostForm(svc+"vehicles/items/1", vehicle("ab12 cde", "Ford Focus"))), 303); loc != svc+"vehicles" {
		t.Fatalf("saved item leads to %s", loc)
	}
	must(got(c.Get(svc+"vehicles")), 200, "You have added 1 vehicle</h1>", "Vehicle 1", "ab12 cde, Ford Focus, Yes",
		`href="`+svc+`vehicles/items/1"`, `href="`+svc+`vehicles/items/1/remove"`, "Do you need to add another vehicle?")
	must(got(c.PostForm(svc+"vehicles", url.Values{})), 422, "Select yes if you need to add another vehicle", `href="#add-another"`)
	if loc := must(got(c.PostForm(svc+"vehicles", url.Values{"add-another": {"yes"}})), 303); loc != svc+"vehicles/items/2" {
		t.Fatalf("add another leads to %s", loc)
	}
	must(got(c.PostForm(svc+"vehicles/items/2", vehicle("XY70 ZZZ", "Nissan Leaf"))), 303)
	must(got(c.PostForm(svc+"vehicles/items/3", vehicle("LR05 ABC", "Land Rover"))), 303)
	// Three is the limit: no question, no fourth item.
	body := must(got(c.Get(svc+"vehicles")), 200, "You have added 3 vehicles</h1>", "You have added the most vehicles you can (3).")
	if strings.Contains(body, "Do you need to add another") {
		t.Error("the add-another question is still asked at the limit")
	}
	must(got(c.Get(svc+"vehicles/items/4")), 404)
	must(got(c.PostForm(svc+"vehicles/items/4", vehicle("ZZ99 ZZZ", "Mini"))), 404)

	// Change the first, remove the second; the third moves up.
	must(got(c.Get(svc+"vehicles/items/1")), 200, `value="ab12 cde"`, `value="Ford Focus"`)
	must(got(c.PostForm(svc+"vehicles/items/1", vehicle("AB12 CDE", "Ford Focus"))), 303)
	must(got(c.Get(svc+"vehicles/items/2/remove")), 200, "Are you sure you want to remove vehicle 2?", "XY70 ZZZ, Nissan Leaf, Yes")
	must(got(c.PostForm(svc+"vehicles/items/2/remove", url.Values{})), 422, "Select yes if you want to remove vehicle 2")
	must(got(c.PostForm(svc+"vehicles/items/2/remove", url.Values{"confirm-remove": {"yes"}})), 303)
	must(got(c.Get(svc+"vehicles")), 200, "You have added 2 vehicles</h1>", "AB12 CDE, Ford Focus, Yes", "LR05 ABC, Land Rover, Yes")
	must(got(c.PostForm(svc+"vehicles", url.Values{"add-another": {"yes"}})), 303)
	must(got(c.PostForm(svc+"vehicles/items/3", vehicle("XY70 ZZZ", "Nissan Leaf"))), 303)
	if loc := must(got(c.PostForm(svc+"vehicles", url.Values{})), 303); loc != svc+"you" {
		t.Fatalf("a full list continues to %s", loc)
	}
	must(got(c.PostForm(svc+"you", url.Values{"full_name": {"Sam Resident"}, "email": {"sam@example.org"}})), 303)

	must(got(c.Get("/services/resident-parking-permit/check-answers")), 200,
		"Vehicle 1: AB12 CDE, Ford Focus, Yes<br>Vehicle 2: LR05 ABC, Land Rover, Yes<br>Vehicle 3: XY70 ZZZ, Nissan Leaf, Yes",
		"Permit fee in pounds", "You will pay <strong>£150.00</strong>", "Accept and pay")
	res, _ := c.PostForm("/services/resident-parking-permit/check-answers", nil)
	must(got(payAt(t, e, c, res, paytest.OutcomeSuccess)), 303)
	ref := regexp.MustCompile(`<strong>([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})</strong>`).FindStringSubmatch(mustBody(c.Get("/services/resident-parking-permit/confirmation")))
	if ref == nil {
		t.Fatal("no reference")
	}
	got := caseAnswers(e, ref[1])
	items := got["vehicles"].Items
	if len(items) != 3 || items[0]["registration"].Text != "AB12 CDE" || items[2]["make"].Text != "Nissan Leaf" || got["fee"].Text != "150" {
		t.Errorf("case answers: %+v", got)
	}
}

func mustBody(_ *http.Response, body string) string { return body }

// resp is a response and its body, as one value.
type resp struct {
	res  *http.Response
	body string
}

func got(res *http.Response, body string) resp { return resp{res, body} }

// caseAnswers are the answers of the case with reference ref, read from the database.
func caseAnswers(e *env, ref string) service.Answers {
	e.T.Helper()
	c, err := e.Store.CaseByRef(context.Background(), ref)
	if err != nil {
		e.T.Fatal(err)
	}
	return c.Answers
}
