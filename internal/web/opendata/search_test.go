package opendata_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// searchEnv is the seeded open data platform with a gazetteer postcode,
// CB1 1PT, whose middle is 33 metres from the first pothole report, and an
// OFFICIAL-SENSITIVE concern reported at that very spot, in words that are
// also a pothole's private answers ("Okafor").
func searchEnv(t *testing.T, opts ...platformtest.Option) *env {
	t.Helper()
	e := newEnv(t, append(opts, platformtest.Bundled(), platformtest.Fixtures("street-safety-concern"))...)
	ctx := context.Background()
	props := []people.Property{
		{UPRN: "200004170001", USRN: "21000001", Street: "Mill Road", Town: "Cambridge", Postcode: "CB1 1PT", Lat: 52.2050, Lon: 0.1220, Status: people.StatusApproved,
			PAO: people.Object{StartNumber: 1}},
		{UPRN: "200004170002", USRN: "21000001", Street: "Mill Road", Town: "Cambridge", Postcode: "CB1 1PT", Lat: 52.2056, Lon: 0.1220, Status: people.StatusApproved,
			PAO: people.Object{StartNumber: 3}},
		{UPRN: "200004170003", USRN: "21000009", Street: "Far Lane", Town: "Cambridge", Postcode: "CB4 9ZZ", Lat: 52.2400, Lon: 0.1500, Status: people.StatusApproved,
			PAO: people.Object{StartNumber: 9}},
	}
	if err := e.People.ImportGazetteer(ctx, "test", props); err != nil {
		t.Fatal(err)
	}
	lat, lng := 52.2053, 0.1220
	if _, err := e.Cases.Submit(ctx, access.Anonymous, cases.Submission{ServiceID: "street-safety-concern", Channel: cases.ChannelWeb,
		Answers: service.Answers{
			"location":  {Location: &service.Location{Lat: &lat, Lng: &lng, Description: "Mill Road bus shelter, pothole nearby"}},
			"concern":   {Text: "Mrs Okafor sleeps in the bus shelter, pothole by it; zebracrossing"},
			"full_name": {Text: "Sarah Okafor"}, "email": {Text: "sarah.okafor@example.org"},
		}}); err != nil {
		t.Fatal(err)
	}
	return e
}

// results reads a search page as a resident hears it: each result's words
// in order, and the count above them.
func results(body string) (count string, lines []string) {
	if m := regexp.MustCompile(`(?s)<p class="govuk-body" id="result-count">(.*?)</p>`).FindStringSubmatch(body); m != nil {
		count = plain(m[1])
	}
	for _, m := range regexp.MustCompile(`(?s)<li class="govuk-!-margin-bottom-5">(.*?)</li>`).FindAllStringSubmatch(body, -1) {
		lines = append(lines, plain(m[1]))
	}
	return count, lines
}

func plain(s string) string {
	s = regexp.MustCompile(`<[^>]*>`).ReplaceAllString(s, " ")
	return strings.Join(strings.Fields(html.UnescapeString(s)), " ")
}

// TestPublicSearchFindsExactly: realistic queries, misspelt as residents
// type them, and the exact results each finds, on SQLite and PostgreSQL.
func TestPublicSearchFindsExactly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := searchEnv(t, platformtest.OnStore(s))
		redacted := "Outside 14 Mill Road CB1. [name removed] ([email removed], [phone number removed], NI [National Insurance number removed], DOB [date of birth removed]) fell here"
		report := func(i int, metres string) string {
			return "Reports near the postcode Report a pothole " + e.refs[i] + " Received About " + metres + " metres away Reported 2 March 2026 " + redacted
		}
		pothole := "Services Report a pothole Tell us about a pothole or other damage to a road, pavement or cycle lane."
		dataset := "Open data and figures Report a pothole Tell us about a pothole or other damage to a road, pavement or cycle lane. One row for each request received, updated as it moves; personal details are never published."
		answer := "Answers to information requests Request " + e.foi + " How much did the council spend repairing potholes in 2025? Reply to [name removed]."
		for _, tc := range []struct {
			query string
			count string
			want  []string
		}{
			{"q=potholes+near+CB1+1PT", "8 results (reports within 500 metres of CB1 1PT)",
				[]string{pothole, report(0, "33"), report(1, "78"), report(2, "189"), report(3, "300"), report(4, "411"), dataset, answer}},
			{"q=pothol&near=cb11pt&show=report", "5 results (reports within 500 metres of CB1 1PT)",
				[]string{report(0, "33"), report(1, "78"), report(2, "189"), report(3, "300"), report(4, "411")}},
			{"q=&near=CB1+1PT&show=report&page=1", "5 results (reports within 500 metres of CB1 1PT)",
				[]string{report(0, "33"), report(1, "78"), report(2, "189"), report(3, "300"), report(4, "411")}},
			{"q=pohtoles", "3 results", []string{pothole, dataset, answer}},
			{"q=recyclng", "2 results", []string{
				"Services Report a missed bin collection Tell us if your bin was not emptied on your collection day.",
				"Open data and figures Report a missed bin collection Tell us if your bin was not emptied on your collection day. One row for each request received, updated as it moves; personal details are never published."}},
			{"q=dispoal+log", "1 result", []string{"Open data and figures Disclosure log Answers to Freedom of Information requests, published for everyone."}},
			{"q=potholes+near+CB4+9ZZ", "3 results (reports within 500 metres of CB4 9ZZ)", []string{pothole, dataset, answer}},
		} {
			_, body := e.get("/open-data/search?" + tc.query)
			count, lines := results(body)
			if count != tc.count || strings.Join(lines, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("%s: %q\n%s\nwant %q\n%s", tc.query, count, strings.Join(lines, "\n"), tc.count, strings.Join(tc.want, "\n"))
			}
			noPersonal(t, tc.query, body)
		}
	})
}

// TestPublicSearchAdversarial: query syntax of SQL and full-text engines is
// just words, a huge query is cut, a word written only in a case's private
// answers (or removed by the redactor) finds nothing, and an
// OFFICIAL-SENSITIVE case at the very place searched is never listed.
func TestPublicSearchAdversarial(t *testing.T) {
	e := searchEnv(t)
	search := func(q string) (int, string, []string) {
		res, body := e.get("/open-data/search?q=" + url.QueryEscape(q))
		count, lines := results(body)
		return res.StatusCode, count, lines
	}
	// Operators and quotes are punctuation: the words alone are searched.
	for _, q := range []string{
		"' OR 1=1 --", `pothole" OR "1"="1`, "NEAR(pothole, bin)", "pothole*", "%_%", `\'; DROP TABLE cases; --`, "bin) UNION SELECT applicant FROM cases --",
	} {
		words := strings.Join(strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), " ")
		st, count, lines := search(q)
		_, wantCount, want := search(words)
		if st != http.StatusOK || count != wantCount || strings.Join(lines, "\n") != strings.Join(want, "\n") {
			t.Errorf("%q: %d %q %q, the words %q find %q %q", q, st, count, lines, words, wantCount, want)
		}
		noPersonal(t, q, strings.Join(lines, "\n"))
	}
	// Words written only in private answers, or removed by the redactor.
	for _, q := range []string{"Okafor", "Okafor near CB1 1PT", "zebracrossing near CB1 1PT", "sleeps", "Oduya", "Margaret", "sarah.okafor@example.org"} {
		if st, count, lines := search(q); st != http.StatusOK || count != "" || len(lines) != 0 {
			t.Errorf("%q: %d %q %q", q, st, count, lines)
		}
	}
	// The sensitive service is public; its reports are not.
	if _, count, lines := search("safety near CB1 1PT"); count != "1 result (reports within 500 metres of CB1 1PT)" ||
		strings.Join(lines, "|") != "Services Report a concern about someone in the street Tell us if you are worried about someone's safety in a public place." {
		t.Errorf("safety near CB1 1PT: %q %q", count, lines)
	}
	// Near the place of the sensitive concern, only the public reports.
	_, body := e.get("/open-data/search?near=CB1+1PT")
	if count, lines := results(body); count != "5 results (reports within 500 metres of CB1 1PT)" || strings.Contains(body, "Okafor") ||
		strings.Contains(body, "bus shelter") || strings.Contains(body, "concern about someone") {
		t.Errorf("near CB1 1PT: %q %q", count, lines)
	}
	// A huge query is cut to its first words, not refused and not read whole.
	huge := "potholes " + strings.Repeat("x", 1<<20)
	res, body := e.get("/open-data/search?q=" + url.QueryEscape(huge) + "&near=" + url.QueryEscape(strings.Repeat("CB1 1PT ", 1000)))
	if count, _ := results(body); res.StatusCode != http.StatusOK || count != "3 results" {
		t.Errorf("huge query: %d %q", res.StatusCode, count)
	}
	// A postcode the gazetteer does not hold says so.
	_, body = e.get("/open-data/search?q=potholes&near=ZZ9+9ZZ")
	if !strings.Contains(plain(body), "We could not find the postcode ZZ9 9ZZ in the council’s area.") {
		t.Errorf("unknown postcode:\n%s", plain(body))
	}
}

// TestPublicSearchPages: results come ten to a page, with GOV.UK's
// numbered pages keeping the query, the place and the filter.
func TestPublicSearchPages(t *testing.T) {
	e := searchEnv(t)
	ctx := context.Background()
	for i := range 8 {
		lat, lng := 52.2053, 0.1225+float64(i)/10000
		if _, err := e.Cases.Submit(ctx, access.Anonymous, cases.Submission{ServiceID: "report-a-pothole", Channel: cases.ChannelWeb,
			Answers: service.Answers{
				"location": {Location: &service.Location{Lat: &lat, Lng: &lng, Description: "Mill Road"}},
				"surface":  {Text: "road"}, "size": {Text: "small"}, "dangerous": {Text: "no"},
				"full_name": {Text: "A Resident"}, "email": {Text: "resident@example.org"},
			}}); err != nil {
			t.Fatal(err)
		}
	}
	_, body := e.get("/open-data/search?near=CB1+1PT&show=report")
	count, lines := results(body)
	if count != "13 results, showing 1 to 10 (reports within 500 metres of CB1 1PT)" || len(lines) != 10 ||
		!strings.Contains(body, `href="/open-data/search?near=CB1&#43;1PT&amp;page=2&amp;show=report" rel="next"`) {
		t.Errorf("page 1: %q, %d results\n%s", count, len(lines), plain(body))
	}
	_, body = e.get("/open-data/search?near=CB1+1PT&show=report&page=2")
	count, lines = results(body)
	if count != "13 results, showing 11 to 13 (reports within 500 metres of CB1 1PT)" || len(lines) != 3 || !strings.Contains(lines[2], e.refs[4]+" Received About 411 metres away") {
		t.Errorf("page 2: %q %q", count, lines)
	}
}
