package opendata_test

import (
	"context"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// TestPerformancePage: the council publishes pothole reports received and
// answered in time, and the FOI service's. Six reports arrive, two from a
// person who has asked for their data to be restricted: the page counts
// four, shown as "fewer than 5", as is the one FOI request; the FOI
// answer's timeliness would reveal it, so it is not shown. The chart, the
// table and the CSV say the same.
func TestPerformancePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, platformtest.OnStore(s), platformtest.Configure(func(c *platform.Config) {
			c.PerformanceServices, c.PerformanceFigures = "report-a-pothole, foi-request, no-such-service", "received,in-time"
		}))
		hold := records.Hold{HoldTarget: records.HoldTarget{Kind: "case", Target: e.refs[0]}, Reason: "restriction while accuracy is checked", CreatedBy: "u-ig", CreatedAt: e.Clock.Now()}
		if err := s.Restrict(context.Background(), "RR-1", []string{"case:" + e.refs[0], "case:" + e.refs[1]}, hold,
			audit.Entry{At: e.Clock.Now(), Actor: "u-ig", Action: "records.restrict", Subject: "RR-1", Classification: "OFFICIAL"}); err != nil {
			t.Fatal(err)
		}
		res, page := e.get("/performance")
		if res.StatusCode != 200 {
			t.Fatalf("GET /performance: %d", res.StatusCode)
		}
		for _, want := range []string{
			`<p class="govuk-body">To protect people’s privacy, a count from 1 to 4 is shown as “fewer than 5”, and a figure that would reveal one is not shown.</p>`,
			`<li><a class="govuk-link" href="#report-a-pothole">Report a pothole</a></li>
  <li><a class="govuk-link" href="#foi-request">Make a Freedom of Information (FOI) request</a></li>
</ul>`,
			`<h3 class="govuk-heading-s">Report a pothole: Requests received each month</h3>`,
			`<title id="report-a-pothole-received-title">Report a pothole: Requests received each month</title>`,
			`<desc id="report-a-pothole-received-desc">Bar chart from April 2025 to March 2026. A month whose figure is not shown has no bar. The table after the charts gives every figure.</desc>`,
			`<title>March 2026: fewer than 5</title>`,
			`<caption class="govuk-table__caption govuk-table__caption--m">Report a pothole by month</caption>`,
			`<th scope="col" class="govuk-table__header govuk-table__header--numeric">Answered in time</th>`,
			`    <th scope="row" class="govuk-table__header">March 2026</th>
    <td class="govuk-table__cell govuk-table__cell--numeric">fewer than 5</td>
    <td class="govuk-table__cell govuk-table__cell--numeric">not shown</td>
  </tr>`,
			`<a class="govuk-link" href="/performance/foi-request.csv" download>Download the figures for Make a Freedom of Information (FOI) request (CSV)</a>`,
			`<a class="govuk-footer__link" href="/performance">Our performance</a>`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("the page lacks\n%s", want)
			}
		}
		for _, not := range []string{"no-such-service", "Fly-tipping", "Requests closed so far", `<td class="govuk-table__cell govuk-table__cell--numeric">6</td>`} {
			if strings.Contains(page, not) {
				t.Errorf("the page shows %q", not)
			}
		}
		if t.Failed() {
			t.Log(page)
		}
		// Both services had fewer than five requests, all this month, and
		// no answer whose timeliness could be shown.
		want := "month,received,in-time\n2025-04,0,not shown\n2025-05,0,not shown\n2025-06,0,not shown\n2025-07,0,not shown\n2025-08,0,not shown\n2025-09,0,not shown\n" +
			"2025-10,0,not shown\n2025-11,0,not shown\n2025-12,0,not shown\n2026-01,0,not shown\n2026-02,0,not shown\n2026-03,fewer than 5,not shown\n"
		for _, id := range []string{"foi-request", "report-a-pothole"} {
			if _, csv := e.get("/performance/" + id + ".csv"); csv != want {
				t.Errorf("%s.csv:\n%s\nwant\n%s", id, csv, want)
			}
		}
		for _, path := range []string{"/performance/fly-tipping.csv", "/performance/no-such-service.csv", "/performance/foi-request.json"} {
			if res, _ := e.get(path); res.StatusCode != 404 {
				t.Errorf("GET %s: %d, want 404", path, res.StatusCode)
			}
		}
	})
}
