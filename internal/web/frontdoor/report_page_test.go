package frontdoor_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/browsertest"
)

var streetsOfficer = access.Principal{Kind: access.KindStaff, UserID: "u-st", Name: "Sam Streets", MFA: true,
	Teams: []string{"streets"}, Grants: []access.Grant{{Role: "officer", Team: "streets"}}}

func streetReport(p *platformtest.Platform) cases.Case {
	lat, lng := 51.260123, -2.187456
	return p.Submit(access.Anonymous, "street-report", service.Answers{
		"location":  {Location: &service.Location{Lat: &lat, Lng: &lng, Description: "By the bench, ask Mrs Patel at number 4"}},
		"details":   {Text: "Broken paving slab, call me on 07700 900123"},
		"full_name": {Text: "Ada Resident"}, "email": {Text: "ada@example.org"}}, cases.ChannelWeb)
}

var tagText = regexp.MustCompile(`<[^>]+>`)

// text is a page's main content as a person reads it: tags removed, spaces
// made single.
func text(body string) string {
	main, _, _ := strings.Cut(body[strings.Index(body, `<main`):], `</main>`)
	return strings.Join(strings.Fields(html.UnescapeString(tagText.ReplaceAllString(main, " "))), " ")
}

// TestPublicReportPage: the page a follower's message links to shows the
// report as the public may see it, exactly: status, place with personal
// details removed, the point rounded as the service publishes it and the
// status changes and the officer's public update (written on the
// workspace's note form), oldest first; never a note to staff or to the
// reporter, the reporter, their details or the description.
// A case that is not a public report is not found.
func TestPublicReportPage(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		c := streetReport(p)
		officer := p.Client(streetsOfficer)
		if _, page := officer.Get("/workspace/cases/" + c.Ref); !strings.Contains(page, `value="public"`) {
			t.Error("the note form offers no public update on a public report")
		}
		for vis, note := range map[string]string{"internal": "Staff: Mrs Patel rang", "resident": "Ada, thank you", "public": "Repair booked for Tuesday"} {
			if res, _ := officer.PostForm("/workspace/cases/"+c.Ref+"/notes", url.Values{"note": {note}, "visibility": {vis}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("%s note: status %d", vis, res.StatusCode)
			}
		}
		c, err := p.Cases.Get(context.Background(), streetsOfficer, c.Ref)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Cases.Transition(context.Background(), streetsOfficer, c.Ref, "fix", nil, c.Version); err != nil {
			t.Fatal(err)
		}
		anyone := p.Client(access.Anonymous)
		res, body := anyone.Get(cases.ReportPath(c.Ref))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		want := "Report a street problem Report " + c.Ref + " Status Fixed Reported 2 March 2026 at 10:00am" +
			" Where By the bench, ask [name removed] at number 4" +
			" Map point Latitude 51.26, longitude -2.187 (rounded, so the exact spot is not published)" +
			" See other reports near here" +
			" What has happened Reported 2 March 2026 at 10:00am Update from the council 2 March 2026 at 10:00am Repair booked for Tuesday Fixed 2 March 2026 at 10:00am" +
			" Did you make this report? Track it with your email address or phone number to see the messages we sent you."
		if got := text(body); got != want {
			t.Errorf("page reads:\n%s\nwant:\n%s", got, want)
		}
		for _, private := range []string{"Ada", "ada@example.org", "07700", "paving", "Patel", "Staff"} {
			if strings.Contains(body, private) {
				t.Errorf("the public page shows %q", private)
			}
		}
		sensitive := p.Submit(access.Anonymous, "safeguarding-concern", safeguardingAnswers(), cases.ChannelWeb)
		for _, ref := range []string{sensitive.Ref, "ZZZZ-ZZZZ"} {
			if res, _ := anyone.Get(cases.ReportPath(ref)); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: status %d, want 404", ref, res.StatusCode)
			}
		}
	}, platformtest.Fixtures("street-report", "safeguarding-concern"), platformtest.Staff(streetsOfficer))
}

// TestBrowserPublicReport: the public report page in Chromium, with and
// without JavaScript at 320px: no axe-core violations, no sideways scrolling.
func TestBrowserPublicReport(t *testing.T) {
	b := browsertest.Shared(t)
	p := platformtest.New(t, platformtest.Fixtures("street-report"))
	c := streetReport(p)
	b.InBothModes(t, func(t *testing.T, m browsertest.Mode) {
		tab := m.NewPage(t)
		tab.Navigate(p.URL + cases.ReportPath(c.Ref))
		tab.CheckPage()
	})
}

func safeguardingAnswers() service.Answers {
	return service.Answers{"concern": {Text: "A child left alone"}, "full_name": {Text: "Bo Neighbour"}, "email": {Text: "bo@example.org"}}
}
