package opendata_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// TestSatisfactionPublished: six pothole reports are fixed, each closing
// email carries a "How did we do?" link, five residents are satisfied and
// one is not. The statistics page and its CSV show six ratings and leave
// the share out, since it would reveal the one unhappy answer.
func TestSatisfactionPublished(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, platformtest.OnStore(s))
		e.Cases.SiteURL, e.Cases.Feedback = "http://127.0.0.1", s
		ctx := context.Background()
		highways := access.Principal{Kind: access.KindStaff, UserID: "u-hw", Teams: []string{"highways"}, MFA: true,
			Grants: []access.Grant{{Role: "team_leader", Team: "highways"}}}
		for i, ref := range e.refs {
			steps := []struct {
				id      string
				answers service.Answers
			}{{"send_for_inspection", nil}, {"schedule_repair", service.Answers{"repair_by": {Text: "2026-04-01"}}}, {"mark_fixed", nil}}
			for _, st := range steps {
				if _, err := e.Cases.Transition(ctx, highways, ref, st.id, st.answers, 0); err != nil {
					t.Fatalf("%s %s: %v", ref, st.id, err)
				}
			}
			rating := "satisfied"
			if i == 0 {
				rating = "very-dissatisfied"
			}
			if err := e.Cases.Rate(ctx, lang.English, feedbackToken(t, s, ref), rating, ""); err != nil {
				t.Fatal(err)
			}
		}
		_, page := e.get("/statistics/pothole-reports")
		want := `<th scope="row" class="govuk-table__header">March 2026</th>
    <td class="govuk-table__cell govuk-table__cell--numeric">6</td>
    <td class="govuk-table__cell govuk-table__cell--numeric">not shown</td>`
		if !strings.Contains(page[strings.Index(page, `id="satisfaction"`):], want) {
			t.Errorf("the satisfaction table lacks\n%s\n%s", want, page)
		}
		res, body := e.get("/statistics/pothole-reports.csv")
		if link := res.Header.Get("Link"); link != `</statistics/pothole-reports.csv-metadata.json>; rel="describedby"; type="application/csvm+json"` {
			t.Errorf("the statistics CSV's Link is %q", link)
		}
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		head, first := rows[0], rows[1]
		if got := strings.Join(head[len(head)-2:], ","); got != "satisfaction_answers,percent_satisfied" {
			t.Errorf("CSV header ends %q", got)
		}
		if got := strings.Join(first[len(first)-2:], ","); first[0] != "2026-03" || got != "6," {
			t.Errorf("CSV March row ends %q", got)
		}
	})
}

// feedbackToken is the secret of the "How did we do?" link in a case's
// closing email.
func feedbackToken(t *testing.T, s *store.Store, ref string) string {
	t.Helper()
	msgs, err := s.OutboxByKey(context.Background(), jobs.TopicNotify, ref)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		var p struct{ Body string }
		if err := json.Unmarshal(m.Payload, &p); err != nil {
			t.Fatal(err)
		}
		if l := regexp.MustCompile(`/feedback/([A-Za-z0-9_-]{43})\n`).FindStringSubmatch(p.Body); l != nil {
			return l[1]
		}
	}
	t.Fatalf("no feedback link in the emails of %s", ref)
	return ""
}
