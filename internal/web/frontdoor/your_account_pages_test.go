package frontdoor_test

import (
	"context"
	"html"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
)

var (
	requestRef = regexp.MustCompile(`Reference <strong class="govuk-!-font-weight-bold">([A-Z0-9-]+)</strong>`)
	pageLink   = regexp.MustCompile(`<a class="govuk-link govuk-pagination__link" href="([^"]+)" rel="(prev|next)">`)
)

// TestYourRequestsPages: a resident with 120 requests sees them 50 to a
// page, newest first, each page leading to the older ones and back to the
// newest, and every request is on exactly one page.
func TestYourRequestsPages(t *testing.T) {
	e := newEnv(t, platformtest.At(time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)))
	var made []string
	for range 120 {
		e.Clock.Add(time.Minute)
		c, err := e.Cases.Submit(context.Background(), access.Anonymous, benchBin("many@example.org"))
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, c.Ref)
	}
	submitBin(t, e, "someone-else@example.org")
	c := signInByLink(t, e, "many@example.org")
	var seen []string
	next := "/your-account"
	for pageNo := 1; next != ""; pageNo++ {
		res, body := c.Get(next)
		if res.StatusCode != 200 {
			t.Fatalf("page %d: %d", pageNo, res.StatusCode)
		}
		refs := requestRef.FindAllStringSubmatch(body, -1)
		links := map[string]string{}
		for _, l := range pageLink.FindAllStringSubmatch(body, -1) {
			links[l[2]] = html.UnescapeString(l[1])
		}
		want := map[int][3]any{1: {50, "", true}, 2: {50, "/your-account", true}, 3: {20, "/your-account", false}}[pageNo]
		if len(refs) != want[0] || links["prev"] != want[1] || (links["next"] != "") != want[2] {
			t.Fatalf("page %d: %d requests, links %v; want %v", pageNo, len(refs), links, want)
		}
		for _, r := range refs {
			seen = append(seen, r[1])
		}
		next = links["next"]
	}
	slices.Reverse(made) // newest first, as the pages list them
	if !slices.Equal(seen, made) {
		t.Errorf("the pages listed %d requests %v,\nwant the %d made, newest first: %v", len(seen), seen, len(made), made)
	}
}
