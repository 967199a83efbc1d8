package records_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// TestSearchPageShowsOnlyWhatTheReaderMayOpen: the officer who filed an
// OFFICIAL and an OFFICIAL-SENSITIVE document reads both, marked and
// counted; an officer of another team reads the page as if the sensitive
// one did not exist. The whole of each page's main text is compared.
func TestSearchPageShowsOnlyWhatTheReaderMayOpen(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.client(officer)
		c.Get("/records/documents/new")
		fileDocument(t, c, "Gritting routes 2026", "OFFICIAL", "Salt bins on Mill Lane and the gritting routes for winter")
		fileDocument(t, c, "Depot break-in", "OFFICIAL-SENSITIVE", "Salt stolen from the depot; suspect named Fred Bloggs")
		// The snippets are each database's own: FTS5 indexes the class and
		// file name with the text and cuts by tokens, ts_headline by words.
		snip := map[string][2]string{
			"sqlite":   {"5.3.1 letter.txt Salt stolen from the depot; suspect named Fred Bloggs", "5.3.1 letter.txt Salt bins on Mill Lane and the gritting routes for winter"},
			"postgres": {"Salt stolen from the depot; suspect named Fred", "Salt bins on Mill Lane and the gritting"},
		}[dialect(t)]
		sensitive := "Depot break-in Document OFFICIAL-SENSITIVE · highways · 5.3.1 Routine correspondence · 5 January 2033 " + snip[0]
		open := "Gritting routes 2026 Document OFFICIAL · highways · 5.3.1 Routine correspondence · 5 January 2033 " + snip[1]
		for _, tc := range []struct {
			name, url, want string
			client          *webtest.Client
		}{
			{"officer", "/records/search?q=salt", "Classification OFFICIAL (1) OFFICIAL-SENSITIVE (1) 2 results you can open match ‘salt’, newest first. " +
				sensitive + " " + open, c},
			{"another team", "/records/search?q=salt", "1 result you can open matches ‘salt’, newest first. " + open, e.client(parks)},
			{"a filter", "/records/search?q=salt&classification=OFFICIAL-SENSITIVE",
				"1 result you can open matches ‘salt’, newest first. Filtered by Classification: OFFICIAL-SENSITIVE (remove this filter) " + sensitive, c},
			{"another team, the same filter", "/records/search?q=salt&classification=OFFICIAL-SENSITIVE",
				"Nothing you can open matches ‘salt’. Filtered by Classification: OFFICIAL-SENSITIVE (remove this filter)", e.client(parks)},
			{"after the day", "/records/search?q=salt&from-day=6&from-month=1&from-year=2033", "Nothing you can open matches ‘salt’.", c},
			{"a bad date", "/records/search?q=salt&from-day=31&from-month=2&from-year=2026", "Enter words to search the cases, documents and spaces you can open.", c},
		} {
			res, body := tc.client.Get(tc.url)
			main := webtest.MainText(body)
			// What follows the form: the facets, the count and the results.
			got := main[strings.LastIndex(main, "Day Month Year Search")+len("Day Month Year Search "):]
			if res.StatusCode != http.StatusOK || got != tc.want {
				t.Errorf("%s: %d\n got: %s\nwant: %s", tc.name, res.StatusCode, got, tc.want)
			}
		}
		if _, body := c.Get("/records/search?q=salt&from-day=31&from-month=2&from-year=2026"); !strings.HasPrefix(webtest.MainText(body),
			"There is a problem From must be a real date, like 27 3 2026 Search cases, documents and spaces") {
			t.Errorf("a bad date: no error summary:\n%s", webtest.MainText(body))
		}
		req, _ := http.NewRequest("GET", e.URL+"/api/v1/records/search?q=salt&type=document&to=2033-01-05", nil)
		req.Header.Set("Authorization", "Bearer "+e.token)
		res, body := c.Do(req)
		var got struct {
			Matches int
			Results []struct{ Title, Snippet string }
			Facets  map[string][]struct {
				Value string
				Count int
			}
		}
		if err := json.Unmarshal([]byte(body), &got); err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("API: %d %v\n%s", res.StatusCode, err, body)
		}
		if got.Matches != 1 || len(got.Results) != 1 || got.Results[0].Title != "Gritting routes 2026" || !strings.Contains(got.Results[0].Snippet, "«Salt»") ||
			len(got.Facets["classification"]) != 1 || got.Facets["classification"][0].Value != "OFFICIAL" || got.Facets["classification"][0].Count != 1 {
			t.Errorf("API: an unscoped token finds the OFFICIAL document only: %s", body)
		}
	})
}

// dialect is the database a platformtest.Each subtest runs on.
func dialect(t *testing.T) string { return t.Name()[strings.LastIndexByte(t.Name(), '/')+1:] }
