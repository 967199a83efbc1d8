package statistics_test

import (
	"context"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/statistics"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var (
	roads = access.Principal{Kind: access.KindStaff, UserID: "u-roads", Name: "Rhys", Teams: []string{"highways"}, MFA: true,
		Grants: []access.Grant{{Role: "officer", Team: "highways"}}}
	roadsNoMFA  = access.Principal{Kind: access.KindStaff, UserID: "u-roads2", Name: "Rhian", Teams: []string{"highways"}, Grants: roads.Grants}
	roadsMember = access.Principal{Kind: access.KindStaff, UserID: "u-roads3", Name: "Rob", Teams: []string{"highways"}, MFA: true}
	foi         = access.Principal{Kind: access.KindStaff, UserID: "u-foi", Name: "Fola", Teams: []string{"information-governance"}, MFA: true,
		Grants: []access.Grant{{Role: "officer", Team: "information-governance"}, {Role: "team_leader", Team: "information-governance"}}}
	auditor    = access.Principal{Kind: access.KindStaff, UserID: "u-audit", Name: "Aude", MFA: true, Grants: []access.Grant{{Role: access.RoleAuditor, Team: "*"}}}
	councillor = access.Principal{Kind: access.KindCouncillor, UserID: "u-cllr", Name: "Cllr Cole", MFA: true, Ward: "Abbey"}
)

// seeded is what seed makes, so that tests state their expectations
// against named cases.
type seeded struct {
	potholes, foi, safeguarding []cases.Case
}

// seed makes, from Monday 2 March 2026 10:00 UTC: three pothole reports
// (two online, one through Open311), one of them sent for inspection two
// hours later and one marked a duplicate after three days; two
// safeguarding concerns (OFFICIAL-SENSITIVE, same team); and three FOI
// requests: one extended for the public interest (section 43(2)) and
// refused in time, one answered in full 30 working days late, and one
// left open until it is overdue.
func seed(t *testing.T, p *platformtest.Platform) seeded {
	t.Helper()
	ctx := context.Background()
	var s seeded
	pothole := func(ch cases.Channel) cases.Case {
		lat, lng := 52.2053, 0.1218
		return p.Submit(access.Anonymous, "report-a-pothole", service.Answers{
			"location": {Location: &service.Location{Lat: &lat, Lng: &lng, Description: "Mill Road"}},
			"surface":  {Text: "road"}, "size": {Text: "large"}, "dangerous": {Text: "no"},
			"full_name": {Text: "Sam Jones"}, "email": {Text: "sam@example.org"}}, ch)
	}
	s.potholes = []cases.Case{pothole(cases.ChannelWeb), pothole(cases.ChannelWeb), pothole(cases.ChannelOpen311)}
	for range 2 {
		s.safeguarding = append(s.safeguarding, p.Submit(access.Anonymous, "safeguarding", service.Answers{"details": {Text: "Worried about a neighbour"}}, cases.ChannelWeb))
	}
	for range 3 {
		s.foi = append(s.foi, p.Submit(access.Anonymous, "foi-request", service.Answers{"request": {Text: "Pothole spending"},
			"format": {Text: "email"}, "full_name": {Text: "Sam Jones"}, "email": {Text: "sam@example.org"}}, cases.ChannelWeb))
	}
	move := func(who access.Principal, c *cases.Case, transition string, fields service.Answers) {
		t.Helper()
		got, err := p.Cases.Transition(ctx, who, c.Ref, transition, fields, c.Version)
		if err != nil {
			t.Fatalf("%s %s: %v", c.Ref, transition, err)
		}
		*c = got
	}
	p.Clock.Add(2 * time.Hour)
	move(roads, &s.potholes[0], "send_for_inspection", nil)
	p.Clock.Add(3 * 24 * time.Hour)
	move(roads, &s.potholes[1], "mark_duplicate", nil)
	move(foi, &s.foi[0], "accept", nil)
	move(foi, &s.foi[0], "extend_public_interest", service.Answers{"exemption": {Text: "Section 43(2)  commercial interests"}})
	move(foi, &s.foi[0], "respond", service.Answers{"outcome": {Text: "refused"}, "response": {Text: "We withhold it."}})
	move(foi, &s.foi[1], "accept", nil)
	p.Clock.Add(70 * 24 * time.Hour) // to Thursday 14 May 2026: 50 working days after receipt
	move(foi, &s.foi[1], "respond", service.Answers{"outcome": {Text: "granted"}, "response": {Text: "Here it is."}})
	return s
}

// The figures of one service, exactly, on both databases.
func TestDashboardFigures(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		seed(t, p)
		ctx := context.Background()
		d, err := p.Statistics.Dashboard(ctx, foi, statistics.Request{ServiceID: "foi-request"})
		if err != nil {
			t.Fatal(err)
		}
		if d.Received != 3 || d.Closed != 0 || d.Open != 3 || d.Overdue != 1 {
			t.Errorf("FOI received %d closed %d open %d overdue %d, want 3 0 3 1", d.Received, d.Closed, d.Open, d.Overdue)
		}
		if d.Met != 1 || d.Missed != 1 || d.PercentInTime() != "50%" {
			t.Errorf("FOI in time %d late %d (%s), want 1 1 50%%", d.Met, d.Missed, d.PercentInTime())
		}
		// Two requests accepted 72 hours after they arrived; one never acted on.
		if d.HoursToFirstAction != (statistics.Median{Value: 74, Of: 2}) || d.AwaitingAction != 1 {
			t.Errorf("first action %+v, awaiting %d", d.HoursToFirstAction, d.AwaitingAction)
		}
		if len(d.ByChannel) != 1 || d.ByChannel[0].Label != "Online" || d.ByChannel[0].Received != 3 {
			t.Errorf("by channel %+v", d.ByChannel)
		}

		roadsDash, err := p.Statistics.Dashboard(ctx, roads, statistics.Request{ServiceID: "report-a-pothole", Trend: statistics.Weekly})
		if err != nil {
			t.Fatal(err)
		}
		if roadsDash.Received != 3 || roadsDash.Closed != 1 || roadsDash.Open != 2 {
			t.Errorf("potholes received %d closed %d open %d, want 3 1 2", roadsDash.Received, roadsDash.Closed, roadsDash.Open)
		}
		if roadsDash.DaysToClose != (statistics.Median{Value: 3, Of: 1}) || roadsDash.HoursToFirstAction != (statistics.Median{Value: 2, Of: 2}) {
			t.Errorf("close %+v first action %+v", roadsDash.DaysToClose, roadsDash.HoursToFirstAction)
		}
		wantChannels := []statistics.Line{{Key: "web", Label: "Online", Received: 2, Closed: 1, Open: 1, Overdue: 1},
			{Key: "open311", Label: "Open311 app", Received: 1, Open: 1, Overdue: 1}} // five working days to inspect, long past
		if !equalLines(roadsDash.ByChannel, wantChannels) {
			t.Errorf("by channel %+v, want %+v", roadsDash.ByChannel, wantChannels)
		}
		// 13 weeks, the last the week of Monday 11 May; all three arrived in the week of 2 March.
		pts := roadsDash.Points
		if len(pts) != 13 || pts[12].Label != "Week of 11 May 2026" {
			t.Fatalf("weeks: %d, last %+v", len(pts), pts[len(pts)-1])
		}
		for _, pt := range pts {
			want := statistics.Point{Start: pt.Start, Label: pt.Label}
			if pt.Label == "Week of 2 March 2026" {
				want.Received, want.Closed = 3, 1
			}
			if pt != want {
				t.Errorf("week %+v, want %+v", pt, want)
			}
		}
	}, platformtest.Bundled(), platformtest.Fixtures("safeguarding"))
}

func equalLines(a, b []statistics.Line) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// The access matrix: for each reader, the council-wide dashboard counts
// exactly the cases expected, and never one the reader cannot open.
func TestDashboardCountsOnlyWhatTheReaderMayOpen(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		s := seed(t, p)
		ctx := context.Background()
		all := append(append(append([]cases.Case{}, s.potholes...), s.safeguarding...), s.foi...)
		for _, tc := range []struct {
			name string
			who  access.Principal
			want int
		}{
			{"highways officer with a second factor", roads, 5},
			{"highways officer without a second factor", roadsNoMFA, 3},
			{"highways member without a named role", roadsMember, 3},
			{"FOI officer", foi, 3},
			{"auditor", auditor, 6},
			{"councillor", councillor, 0},
			{"resident", access.Anonymous, 0},
		} {
			t.Run(tc.name, func(t *testing.T) {
				d, err := p.Statistics.Dashboard(ctx, tc.who, statistics.Request{})
				if err != nil {
					t.Fatal(err)
				}
				opens := 0
				for _, c := range all {
					if _, err := p.Cases.Get(ctx, tc.who, c.Ref); err == nil {
						opens++
					}
				}
				if d.Received != tc.want || d.Received > opens {
					t.Errorf("counts %d received, want %d; the reader can open %d", d.Received, tc.want, opens)
				}
				if q, err := p.Statistics.Quarterly(ctx, tc.who, "safeguarding", "2026-Q1"); (err == nil) != (tc.who.UserID == roads.UserID) {
					t.Errorf("safeguarding return: %+v, %v", q, err)
				}
			})
		}
		if _, err := p.Statistics.Dashboard(ctx, roadsNoMFA, statistics.Request{ServiceID: "safeguarding"}); err == nil {
			t.Errorf("a service the reader cannot see gave a dashboard")
		}
	}, platformtest.Bundled(), platformtest.Fixtures("safeguarding"))
}

// The FOI return for January to March 2026 and April to June 2026.
func TestQuarterlyReturn(t *testing.T) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) {
		seed(t, p)
		ctx := context.Background()
		q1, err := p.Statistics.Quarterly(ctx, foi, "foi-request", "2026-Q1")
		if err != nil {
			t.Fatal(err)
		}
		if q1.Quarter.Label() != "January to March 2026" || q1.Received != 3 || q1.Met != 1 || q1.Missed != 0 || q1.Extended != 1 {
			t.Errorf("Q1 %s: received %d met %d missed %d extended %d", q1.Quarter.Label(), q1.Received, q1.Met, q1.Missed, q1.Extended)
		}
		wantOutcomes := []statistics.Tally{{"Information provided in full", 0}, {"Information provided in part", 0}, {"Refused under an exemption", 1}, {"Information not held", 0}}
		if len(q1.Outcomes) != 1 || q1.Outcomes[0].Question != "Outcome" || !equalTallies(q1.Outcomes[0].Choices, wantOutcomes) {
			t.Errorf("Q1 outcomes %+v", q1.Outcomes)
		}
		if !equalTallies(q1.Exemptions, []statistics.Tally{{"Section 43(2) commercial interests", 1}}) {
			t.Errorf("Q1 exemptions %+v", q1.Exemptions)
		}
		q2, err := p.Statistics.Quarterly(ctx, foi, "foi-request", "") // the last complete quarter is Q1 on 14 May
		if err != nil || q2.Quarter.String() != "2026-Q1" {
			t.Fatalf("default quarter %v %v", q2.Quarter, err)
		}
		q2, err = p.Statistics.Quarterly(ctx, foi, "foi-request", "2026-Q2")
		if err != nil {
			t.Fatal(err)
		}
		if q2.Received != 0 || q2.Met != 0 || q2.Missed != 1 || q2.PercentInTime() != "0%" || q2.Outcomes[0].Choices[0].Count != 1 {
			t.Errorf("Q2: %+v", q2)
		}
		if _, err := p.Statistics.Quarterly(ctx, foi, "foi-request", "2026-Q5"); err == nil {
			t.Errorf("2026-Q5 accepted")
		}
		if _, err := p.Statistics.Quarterly(ctx, foi, "report-a-pothole", ""); err == nil {
			t.Errorf("a service without a statutory clock has a return")
		}
	}, platformtest.Bundled(), platformtest.Fixtures("safeguarding"))
}

func equalTallies(a, b []statistics.Tally) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
