package store_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/opendata"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// openDataEnv is the platform as serve wires it, on the bundled services
// and a store, with its clock at Monday 2 March 2026, 10:00 UTC.
type openDataEnv struct{ *platformtest.Platform }

func newOpenDataEnv(t *testing.T, s *store.Store) *openDataEnv {
	t.Helper()
	return &openDataEnv{platformtest.New(t, platformtest.OnStore(s), platformtest.Bundled())}
}

func officerOf(team string, roles ...string) access.Principal {
	p := access.Principal{Kind: access.KindStaff, UserID: "u-" + team, Name: "Olu Officer", Teams: []string{team}, MFA: true}
	for _, r := range roles {
		p.Grants = append(p.Grants, access.Grant{Role: r, Team: team})
	}
	return p
}

func (e *openDataEnv) pothole(t *testing.T, name, where string, lat float64) cases.Case {
	t.Helper()
	lng := 0.123456
	c, err := e.Cases.Submit(context.Background(), access.Anonymous, cases.Submission{ServiceID: "report-a-pothole", Channel: cases.ChannelWeb,
		Answers: service.Answers{
			"location":  {Location: &service.Location{Lat: &lat, Lng: &lng, Description: where}},
			"surface":   {Text: "road"},
			"size":      {Text: "large"},
			"dangerous": {Text: "no"},
			"full_name": {Text: name},
			"email":     {Text: "resident@example.org"},
		}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func csvOf(t *testing.T, e *openDataEnv, asOf time.Time) string {
	t.Helper()
	d, err := e.OpenData.Dataset(context.Background(), "pothole-reports")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w, err := opendata.NewRowWriter(opendata.CSV, &buf, d)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.OpenData.Write(context.Background(), d, asOf, w); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// The dataset follows the cases: a transition changes the row, a dated
// snapshot keeps the row as it stood, and free text is redacted.
func TestOpenDataDatasetFollowsCases(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newOpenDataEnv(t, s)
		ctx := context.Background()
		a := e.pothole(t, "Sarah Okafor", "Outside 14 Mill Road CB1 2AB, Sarah Okafor, call 07700 900123", 52.2053456)
		e.Clock.Add(time.Hour)
		d, _ := e.OpenData.Dataset(context.Background(), "pothole-reports")
		before, err := e.OpenData.Version(ctx, d, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		e.Clock.Set(e.Clock.Now().AddDate(0, 0, 1))
		if _, err := e.Cases.Transition(ctx, officerOf("highways", "officer"), a.Ref, "send_for_inspection", nil, a.Version); err != nil {
			t.Fatal(err)
		}
		want := "reference,status,status_label,submitted_at,closed_at,surface,size,location_latitude,location_longitude,location_description\n" +
			a.Ref + ",awaiting_inspection,Waiting for an inspection,2026-03-02T10:00:00Z,,road,large,52.205,0.123," +
			"\"Outside 14 Mill Road CB1, [name removed], call [phone number removed]\"\n"
		if got := csvOf(t, e, time.Time{}); got != want {
			t.Errorf("current CSV:\n%s\nwant:\n%s", got, want)
		}
		snap, err := e.OpenData.SnapshotCutoff("2026-03-02")
		if err != nil {
			t.Fatal(err)
		}
		if got := csvOf(t, e, snap); !strings.Contains(got, a.Ref+",received,Received,") {
			t.Errorf("snapshot of 2 March should show the case received:\n%s", got)
		}
		after, err := e.OpenData.Version(ctx, d, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if before.ETag == after.ETag || !after.Modified.After(before.Modified) || after.Rows != 1 {
			t.Errorf("version did not move with the case: before %+v after %+v", before, after)
		}
		if _, err := e.OpenData.SnapshotCutoff("2026-03-10"); err == nil {
			t.Error("a snapshot of a future day was offered")
		}
	})
}

// Statistics: counts below five are hidden, and so is anything that would
// give a hidden count away.
func TestOpenDataStatisticsSuppressSmallCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newOpenDataEnv(t, s)
		ctx := context.Background()
		var all []cases.Case
		for i := range 7 {
			all = append(all, e.pothole(t, "Resident", "by the church", 52.2+float64(i)/1000))
		}
		e.Clock.Set(e.Clock.Now().AddDate(0, 0, 2))
		inspector := officerOf("highways", "officer", "inspector")
		for _, c := range all[:2] {
			c, err := e.Cases.Transition(ctx, inspector, c.Ref, "send_for_inspection", nil, c.Version)
			if err == nil {
				_, err = e.Cases.Transition(ctx, inspector, c.Ref, "no_repair", service.Answers{"reason": {Text: "Not deep enough"}}, c.Version)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		st, err := e.OpenData.Statistics(ctx, "pothole-reports")
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Months) != 1 {
			t.Fatalf("months = %+v", st.Months)
		}
		m := st.Months[0]
		if m.Month != "2026-03" || m.Received.String() != "7" || m.Closed.String() != "fewer than 5" || m.Closed.N != 0 || m.MedianDays != "" {
			t.Errorf("March = %+v", m)
		}
	})
}

// The disclosure log shows the response and the request, never the requester.
func TestOpenDataDisclosureLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newOpenDataEnv(t, s)
		ctx := context.Background()
		c, err := e.Cases.Submit(ctx, access.Anonymous, cases.Submission{ServiceID: "foi-request", Channel: cases.ChannelWeb,
			Answers: service.Answers{
				"request":   {Text: "How much did the council spend on pothole repairs in 2025? I am Margaret Oduya, margaret@example.org."},
				"format":    {Text: "email"},
				"full_name": {Text: "Margaret Oduya"},
				"email":     {Text: "margaret@example.org"},
			}})
		if err != nil {
			t.Fatal(err)
		}
		foi := officerOf("information-governance", "officer")
		if c, err = e.Cases.Transition(ctx, foi, c.Ref, "accept", nil, c.Version); err != nil {
			t.Fatal(err)
		}
		if _, err = e.Cases.Transition(ctx, foi, c.Ref, "respond", service.Answers{
			"outcome":  {Text: "granted"},
			"response": {Text: "Dear Ms Oduya, the council spent £1.2m on pothole repairs in 2025."},
		}, c.Version); err != nil {
			t.Fatal(err)
		}
		page, err := e.OpenData.Disclosures(ctx, "pothol repair", 1, 10) // a typo still finds it
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 1 {
			t.Fatalf("found %d entries", page.Total)
		}
		got := page.Entries[0]
		if got.Ref != c.Ref || got.Outcome != "Information provided in full" ||
			got.Response != "Dear [name removed], the council spent £1.2m on pothole repairs in 2025." ||
			got.Request != "How much did the council spend on pothole repairs in 2025? I am [name removed], [email removed]." {
			t.Errorf("entry = %+v", got)
		}
		if page, _ := e.OpenData.Disclosures(ctx, "parking fines", 1, 10); page.Total != 0 {
			t.Errorf("an unrelated search found %d", page.Total)
		}
		// The response completed the statutory clock in time: one "met"
		// outcome in March, published as hidden (fewer than five).
		outs, err := s.Timeliness(ctx, "foi-request")
		if err != nil || len(outs) != 1 || outs[0] != (opendata.MonthOutcome{Month: "2026-03", Met: true, Count: 1}) {
			t.Fatalf("timeliness %+v %v", outs, err)
		}
		st, err := e.OpenData.Statistics(ctx, "foi-requests")
		if err != nil || !st.HasClock || st.Months[0].Met.String() != "fewer than 5" || st.Months[0].Percent != "" {
			t.Errorf("FOI statistics %+v %v", st, err)
		}
	})
}
