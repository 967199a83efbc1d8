package dashboard_test

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/golden"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var (
	roads = access.Principal{Kind: access.KindStaff, UserID: "u-roads", Name: "Rhys", Teams: []string{"highways"}, MFA: true,
		Grants: []access.Grant{{Role: "officer", Team: "highways"}}}
	roadsNoMFA = access.Principal{Kind: access.KindStaff, UserID: "u-roads2", Name: "Rhian", Teams: []string{"highways"}, Grants: roads.Grants}
	foi        = access.Principal{Kind: access.KindStaff, UserID: "u-foi", Name: "Fola", Teams: []string{"information-governance"}, MFA: true,
		Grants: []access.Grant{{Role: "officer", Team: "information-governance"}, {Role: "team_leader", Team: "information-governance"}}}
)

// seed: on Monday 2 March 2026, two pothole reports online and one by
// Open311 (one marked a duplicate three days later), a safeguarding
// concern, and an FOI request extended for section 43(2) and refused.
func seed(t *testing.T, p *platformtest.Platform) {
	t.Helper()
	ctx := context.Background()
	var potholes []cases.Case
	for _, ch := range []cases.Channel{cases.ChannelWeb, cases.ChannelWeb, cases.ChannelOpen311} {
		lat, lng := 52.2053, 0.1218
		potholes = append(potholes, p.Submit(access.Anonymous, "report-a-pothole", service.Answers{
			"location": {Location: &service.Location{Lat: &lat, Lng: &lng, Description: "Mill Road"}},
			"surface":  {Text: "road"}, "size": {Text: "large"}, "dangerous": {Text: "no"},
			"full_name": {Text: "Sam Jones"}, "email": {Text: "sam@example.org"}}, ch))
	}
	p.Submit(access.Anonymous, "safeguarding", service.Answers{"details": {Text: "Worried about a neighbour"}}, cases.ChannelWeb)
	c := p.Submit(access.Anonymous, "foi-request", service.Answers{"request": {Text: "Pothole spending"},
		"format": {Text: "email"}, "full_name": {Text: "Sam Jones"}, "email": {Text: "sam@example.org"}}, cases.ChannelWeb)
	p.Clock.Add(3 * 24 * time.Hour)
	var err error
	if _, err = p.Cases.Transition(ctx, roads, potholes[1].Ref, "mark_duplicate", nil, potholes[1].Version); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		id     string
		fields service.Answers
	}{{"accept", nil}, {"extend_public_interest", service.Answers{"exemption": {Text: "Section 43(2) commercial interests"}}},
		{"respond", service.Answers{"outcome": {Text: "refused"}, "response": {Text: "We withhold it."}}}} {
		if c, err = p.Cases.Transition(ctx, foi, c.Ref, step.id, step.fields, c.Version); err != nil {
			t.Fatalf("%s: %v", step.id, err)
		}
	}
}

func options() []platformtest.Option {
	return []platformtest.Option{platformtest.Bundled(), platformtest.Fixtures("safeguarding"), platformtest.Staff(roads, roadsNoMFA, foi)}
}

// What officers receive: the dashboard's figures and its CSVs (golden
// files), the FOI quarterly return, and 404 for what they may not see.
func TestDashboardPages(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		seed(t, p)
		officer := p.Client(roads)
		res, body := officer.Get("/workspace/statistics?service=report-a-pothole")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("dashboard: %d", res.StatusCode)
		}
		for _, want := range []string{
			`<h1 class="govuk-heading-l">Report a pothole</h1>`,
			`<dt class="govuk-summary-list__key">Received</dt><dd class="govuk-summary-list__value">3</dd>`,
			`<dt class="govuk-summary-list__key">Closed</dt><dd class="govuk-summary-list__value">1</dd>`,
			`<dt class="govuk-summary-list__key">Median time to close</dt><dd class="govuk-summary-list__value">3 days (1 cases)</dd>`,
			`<title id="trend-title">Cases received and closed each month</title>`,
			`<desc id="trend-desc">Bar chart from April 2025 to March 2026. The most received in one month was 3, in March 2026. The table after the chart gives every figure.</desc>`,
			`<a class="govuk-link" href="/workspace/statistics/channel.csv?service=report-a-pothole&amp;trend=month">Download by channel (CSV)</a>`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("dashboard lacks %s", want)
			}
		}
		for name, path := range map[string]string{
			"pothole-channel.csv": "/workspace/statistics/channel.csv?service=report-a-pothole",
			"pothole-trend.csv":   "/workspace/statistics/trend.csv?service=report-a-pothole",
			"highways-team.csv":   "/workspace/statistics/service.csv?team=highways",
		} {
			res, body := officer.Get(path)
			if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
				t.Fatalf("%s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
			}
			golden.Check(t, filepath.Join("testdata", name), body)
		}
		// The same team without a second factor: the safeguarding concern is not counted.
		_, body = p.Client(roadsNoMFA).Get("/workspace/statistics/service.csv?team=highways")
		if body != "service,received,closed,open,overdue\nReport a pothole,3,1,2,0\n" {
			t.Errorf("without a second factor:\n%s", body)
		}
		for _, path := range []string{"/workspace/statistics?service=safeguarding", "/workspace/statistics/service.csv?service=safeguarding",
			"/workspace/statistics/returns/safeguarding", "/workspace/statistics?team=information-governance"} {
			if res, _ := p.Client(roadsNoMFA).Get(path); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s without a second factor: %d, want 404", path, res.StatusCode)
			}
		}
		if res, _ := p.Client(access.Anonymous).Get("/workspace/statistics"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("a resident got the dashboard: %d", res.StatusCode)
		}

		_, body = p.Client(foi).Get("/workspace/statistics/returns/foi-request.csv?quarter=2026-Q1")
		golden.Check(t, filepath.Join("testdata", "foi-2026-Q1.csv"), body)
		res, body = p.Client(foi).Get("/workspace/statistics/returns/foi-request?quarter=2026-Q1")
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `<h1 class="govuk-heading-l">January to March 2026</h1>`) ||
			!strings.Contains(body, `<th scope="row" class="govuk-table__header">Section 43(2) commercial interests</th><td class="govuk-table__cell govuk-table__cell--numeric">1</td>`) {
			t.Errorf("FOI return page %d:\n%s", res.StatusCode, body)
		}
		if res, _ := p.Client(foi).Get("/workspace/statistics/returns/foi-request?quarter=last"); res.StatusCode != http.StatusBadRequest {
			t.Errorf("quarter=last: %d, want 400", res.StatusCode)
		}
	}, options()...)
}

// With wards configured, a dashboard counts by ward: each ward by its name
// from the wards file in the file's order, "No ward" for a place outside
// them, with the time to close and the responses by the deadline; the
// same in its CSV (golden file).
func TestDashboardByWard(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		var abbey []cases.Case
		for _, at := range [][2]float64{{52.52, -1.84}, {52.53, -1.83}, {52.52, -1.79}, {52.60, -1.84}} {
			lat, lng := at[0], at[1]
			c := p.Submit(access.Anonymous, "report-a-pothole", service.Answers{
				"location": {Location: &service.Location{Lat: &lat, Lng: &lng, Description: "High Street"}},
				"surface":  {Text: "road"}, "size": {Text: "large"}, "dangerous": {Text: "no"},
				"full_name": {Text: "Sam Jones"}, "email": {Text: "sam@example.org"}}, cases.ChannelWeb)
			if lng == -1.84 || lng == -1.83 {
				abbey = append(abbey, c)
			}
		}
		p.Clock.Add(3 * 24 * time.Hour)
		if _, err := p.Cases.Transition(context.Background(), roads, abbey[0].Ref, "mark_duplicate", nil, abbey[0].Version); err != nil {
			t.Fatal(err)
		}
		p.Clock.Add(7 * 24 * time.Hour) // past the five working days of the rest
		officer := p.Client(roads)
		_, body := officer.Get("/workspace/statistics?service=report-a-pothole")
		for _, want := range []string{
			`<caption class="govuk-table__caption govuk-table__caption--m">By ward</caption>`,
			`<th scope="row" class="govuk-table__header">Abbey</th><td class="govuk-table__cell govuk-table__cell--numeric">2</td><td class="govuk-table__cell govuk-table__cell--numeric">1</td><td class="govuk-table__cell govuk-table__cell--numeric">1</td><td class="govuk-table__cell govuk-table__cell--numeric">1</td><td class="govuk-table__cell govuk-table__cell--numeric">3 days</td><td class="govuk-table__cell govuk-table__cell--numeric">100% (1 of 1)</td></tr>`,
			`<th scope="row" class="govuk-table__header">No ward</th><td class="govuk-table__cell govuk-table__cell--numeric">1</td><td class="govuk-table__cell govuk-table__cell--numeric">0</td><td class="govuk-table__cell govuk-table__cell--numeric">1</td><td class="govuk-table__cell govuk-table__cell--numeric">1</td><td class="govuk-table__cell govuk-table__cell--numeric">None closed</td><td class="govuk-table__cell govuk-table__cell--numeric">No responses</td></tr>`,
			`<a class="govuk-link" href="/workspace/statistics/ward.csv?service=report-a-pothole&amp;trend=month">Download by ward (CSV)</a>`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("dashboard lacks %s", want)
			}
		}
		res, body := officer.Get("/workspace/statistics/ward.csv?service=report-a-pothole")
		golden.Check(t, filepath.Join("testdata", "pothole-ward.csv"), body)
		if link := res.Header.Get("Link"); link != `</workspace/statistics/ward.csv-metadata.json?service=report-a-pothole>; rel="describedby"; type="application/csvm+json"` {
			t.Errorf("ward.csv's Link is %q", link)
		}
	}, append(options(), platformtest.Wards())...)
}
