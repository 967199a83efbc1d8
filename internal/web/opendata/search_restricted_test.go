package opendata_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// TestReportsNearAPostcodeLeaveOutARestrictedPerson: Jane Smith reports two
// potholes on Mill Road, near CB1 1PT, and asks the council to restrict how
// it uses her information (UK GDPR Art. 18). A member of the public
// searching for reports near CB1 1PT sees hers with the others before the
// restriction, none of hers while it lasts (not in the list, not in the
// count, and their public pages are not found) and hers again once it is
// lifted.
func TestReportsNearAPostcodeLeaveOutARestrictedPerson(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := searchEnv(t, platformtest.OnStore(s))
		ctx := context.Background()
		jane := []string{e.janesPothole("Outside 20 Mill Road", 52.2053, 0.1226), e.janesPothole("Outside 2 Mill Road", 52.2040, 0.1220)}
		req := e.Submit(access.Anonymous, records.RightsServiceID, service.Answers{
			"right": {Text: "restriction"}, "details": {Text: "Please stop using my details while my claim is heard"},
			"full_name": {Text: "Jane Smith"}, "date_of_birth": {Text: "1980-03-27"}, "email": {Text: "jane.smith@example.com"},
			"address": {Address: &service.Address{Line1: "20 Mill Road", Town: "Cambridge", Postcode: "CB1 1PT"}}}, cases.ChannelWeb).Ref
		if err := e.People.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}

		sarah := func(i int, metres string) string {
			return "Reports near the postcode Report a pothole " + e.refs[i] + " Received About " + metres + " metres away Reported 2 March 2026 " +
				"Outside 14 Mill Road CB1. [name removed] ([email removed], [phone number removed], NI [National Insurance number removed], DOB [date of birth removed]) fell here"
		}
		// Jane reported three days after Sarah; the distances are to the
		// places rounded as the publish block says (three decimals).
		janes := func(i int, metres, place string) string {
			return "Reports near the postcode Report a pothole " + jane[i] + " Received About " + metres + " metres away Reported 5 March 2026 " + place
		}
		everyone := []string{sarah(0, "33"), janes(0, "76", "Outside 20 Mill Road"), sarah(1, "78"), janes(1, "145", "Outside 2 Mill Road"),
			sarah(2, "189"), sarah(3, "300"), sarah(4, "411")}
		withoutJane := []string{sarah(0, "33"), sarah(1, "78"), sarah(2, "189"), sarah(3, "300"), sarah(4, "411")}
		see := func(when string, count string, want []string) {
			t.Helper()
			for _, q := range []string{"q=&near=CB1+1PT&show=report", "q=pothole+near+CB1+1PT&show=report"} {
				_, body := e.get("/open-data/search?" + q)
				gotCount, lines := results(body)
				if gotCount != count || strings.Join(lines, "\n") != strings.Join(want, "\n") {
					t.Errorf("%s, %s: %q\n%s\nwant %q\n%s", when, q, gotCount, strings.Join(lines, "\n"), count, strings.Join(want, "\n"))
				}
			}
		}
		see("before the restriction", "7 results (reports within 500 metres of CB1 1PT)", everyone)

		keys := []string{"case:" + jane[0], "case:" + jane[1], "case:" + req}
		if err := e.Records.SetSubject(ctx, governance, req, keys); err != nil {
			t.Fatal(err)
		}
		if err := e.Records.Restrict(ctx, governance, req); err != nil {
			t.Fatal(err)
		}
		see("while Jane's information is restricted", "5 results (reports within 500 metres of CB1 1PT)", withoutJane)
		reportPages(t, e, jane, http.StatusNotFound)

		if err := e.Records.LiftRestriction(ctx, governance, req, "Your claim has been heard"); err != nil {
			t.Fatal(err)
		}
		see("after the restriction is lifted", "7 results (reports within 500 metres of CB1 1PT)", everyone)
		reportPages(t, e, jane, http.StatusOK)
	})
}

// reportPages: each report's public page answers with status.
func reportPages(t *testing.T, e *env, refs []string, status int) {
	t.Helper()
	for _, ref := range refs {
		if res, body := e.get("/reports/" + ref); res.StatusCode != status {
			t.Errorf("the public page of %s: %d, want %d\n%s", ref, res.StatusCode, status, plain(body))
		}
	}
}

// governance answers data protection requests.
var governance = access.Principal{Kind: access.KindStaff, UserID: "u-ig", Name: "Ines Governance", MFA: true, Teams: []string{"information-governance"},
	Grants: []access.Grant{{Role: access.RoleInformationGovernance, Team: "information-governance"}}}

// janesPothole reports a pothole at lat, lng as Jane Smith.
func (e *env) janesPothole(place string, lat, lng float64) string {
	e.t.Helper()
	return e.Submit(access.Anonymous, "report-a-pothole", service.Answers{
		"location": {Location: &service.Location{Lat: &lat, Lng: &lng, Description: place}},
		"surface":  {Text: "road"}, "size": {Text: "small"}, "dangerous": {Text: "no"},
		"full_name": {Text: "Jane Smith"}, "email": {Text: "jane.smith@example.com"},
	}, cases.ChannelWeb).Ref
}
