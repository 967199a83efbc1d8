package singleview_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var (
	highways = access.Principal{Kind: access.KindStaff, UserID: "hw", Name: "Hana Ways", Teams: []string{"highways"},
		Grants: []access.Grant{{Role: "officer", Team: "highways"}}}
	governance = access.Principal{Kind: access.KindStaff, UserID: "ig", Name: "Ira Gov", MFA: true, Teams: []string{"information-governance"},
		Grants: []access.Grant{{Role: "officer", Team: "information-governance"}, {Role: people.RoleInformationGovernance, Team: "information-governance"}, {Role: "auditor", Team: "*"}}}
	councillor = access.Principal{Kind: access.KindCouncillor, UserID: "cllr", Name: "Cllr", MFA: true}
)

// env is the platform as serve wires it, seeded with one resident.
type env struct {
	*platformtest.Platform
	t       *testing.T
	st      *store.Store
	people  *people.Service
	now     time.Time
	pothole string
	sar     string
	person  int64
}

func newEnv(t *testing.T, st *store.Store) *env {
	p := platformtest.New(t, platformtest.OnStore(st))
	e := &env{Platform: p, t: t, st: st, people: p.People, now: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	// /test/as/{user} signs a browser in as a test principal (stands in for
	// the identity pages, like the who cookie for the HTTP client).
	p.Web.Browser().HandleFunc("/test/as/{user}", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: webtest.PrincipalCookie, Value: r.PathValue("user"), Path: "/"})
		http.Redirect(w, r, "/workspace/people", http.StatusSeeOther)
	})
	e.seed()
	return e
}

// seed: a resident with a pothole report (OFFICIAL) and a subject access
// request (OFFICIAL-SENSITIVE) at a gazetteer address, plus an imported record.
func (e *env) seed() {
	ctx := context.Background()
	e.ImportGazetteer("../../people/testdata/gazetteer.csv")
	home := &service.Address{Line1: "3 Mill Lane", Town: "Wyvernbury", Postcode: "WV1 2AB"}
	e.pothole = e.submit("POTH-0001", "report-a-pothole", "highways", service.Official,
		cases.Applicant{Name: "Margaret Oyelaran", Email: "mo@example.org", Address: home})
	e.sar = e.submit("SARS-0001", "subject-access-request", "information-governance", service.OfficialSensitive,
		cases.Applicant{Name: "Margaret Oyelaran", Email: "mo@example.org", Phone: "07700900999", Address: home})
	rec := people.Record{Key: "council-tax:CT1", Source: "council-tax", GivenName: "Margaret", FamilyName: "Oyelaran",
		Email: "mo@example.org", DateOfBirth: "1962-03-14", ObservedAt: e.now}
	if err := e.people.ImportRecords(ctx, "test", "council-tax", []people.Record{rec}); err != nil {
		e.t.Fatal(err)
	}
	if err := e.people.RunOnce(ctx); err != nil {
		e.t.Fatal(err)
	}
	var err error
	if e.person, err = e.st.PersonOfRecord(ctx, "case:"+e.pothole); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) submit(ref, serviceID, team string, class service.Classification, a cases.Applicant) string {
	e.now = e.now.Add(time.Hour)
	c := cases.Case{Ref: ref, ServiceID: serviceID, Team: team, Classification: class, State: "received",
		Answers: service.Answers{}, Applicant: a, Channel: cases.ChannelWeb, SubmittedAt: e.now, UpdatedAt: e.now,
		ClockStart: e.now, Version: 1, History: cases.ClockHistory{Received: e.now}}
	_, _, err := e.st.SubmitCase(context.Background(), cases.Record{Case: c,
		Event: cases.Event{At: e.now, Actor: "resident", Kind: cases.EventSubmitted, ToState: "received", Visibility: cases.Resident},
		Audit: audit.Entry{At: e.now, Actor: "resident", Action: cases.AuditSubmit, Subject: ref}})
	if err != nil {
		e.t.Fatal(err)
	}
	return ref
}

func (e *env) client(p access.Principal) *webtest.Client {
	c := webtest.NewClient(e.t, e.URL)
	if p.UserID == "" {
		return c
	}
	e.Who.SignIn(c, e.URL, p)
	return c
}

func TestSingleViewPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		person := "/workspace/people/" + strconv.FormatInt(e.person, 10)
		secret := []string{e.sar, "07700900999", "Ask for a copy of your personal information"}
		t.Run("highways officer", func(t *testing.T) {
			webtest.Run(t, e.client(highways), []webtest.Scenario{
				{Name: "search page", URL: "/workspace/people", Status: 200, Contains: []string{"Find a person", "Date of birth"}, NotContains: []string{"People found"}},
				{Name: "search by name", URL: "/workspace/people?name=margaret+oyelaran", Status: 200,
					Contains: []string{"Margaret Oyelaran", person}, NotContains: secret},
				{Name: "search by postcode", URL: "/workspace/people?postcode=wv12ab", Status: 200, Contains: []string{"Margaret Oyelaran"}, NotContains: secret},
				{Name: "no match", URL: "/workspace/people?name=Nobody", Status: 200, Contains: []string{"No people match"}},
				{Name: "bad postcode", URL: "/workspace/people?postcode=nowhere", Status: 422, Contains: []string{"There is a problem", "Enter a real postcode"}},
				{Name: "bad date", URL: "/workspace/people?dob-day=31&dob-month=2&dob-year=1980", Status: 422, Contains: []string{"must be a real date"}},
				{Name: "person page", URL: person, Status: 200, Contains: []string{"Margaret Oyelaran", e.pothole, "Report a pothole", "council-tax:CT1", "14 March 1962"},
					NotContains: append(secret, "subject access export")},
				{Name: "property page", URL: "/workspace/properties/990000000102", Status: 200,
					Contains: []string{"3 Mill Lane", "990000000102", "99000011", "Approved (1)", e.pothole}, NotContains: secret},
				{Name: "export refused", Method: "POST", URL: person + "/subject-access", Form: url.Values{}, Status: 404},
				{Name: "unknown person", URL: "/workspace/people/999999", Status: 404},
				{Name: "bad person id", URL: "/workspace/people/abc", Status: 404},
				{Name: "unknown property", URL: "/workspace/properties/123", Status: 404},
				{Name: "split a record", Method: "POST", URL: person + "/split", Form: url.Values{"record": {"council-tax:CT1"}}, Status: 303, Location: person + "?done=split"},
				{Name: "split a hidden record", Method: "POST", URL: person + "/split", Form: url.Values{"record": {"case:" + e.sar}}, Status: 404},
			})
		})
		in, err := st.LinkInput(context.Background())
		if err != nil || len(in.Decisions) != 2 {
			t.Fatalf("decisions after the split = %+v, %v; want one per other record", in.Decisions, err)
		}
		t.Run("information governance", func(t *testing.T) {
			webtest.Run(t, e.client(governance), []webtest.Scenario{
				{Name: "person page", URL: person, Status: 200, Contains: []string{e.sar, e.pothole, "Download a subject access export"}},
				{Name: "export", Method: "POST", URL: person + "/subject-access", Form: url.Values{}, Status: 200,
					Header: map[string]string{"Content-Type": "application/zip", "Content-Disposition": "attachment; filename=\"subject-access-person-"},
					Check: func(t *testing.T, _ *http.Response, body string) {
						if !strings.HasPrefix(body, "PK") {
							t.Error("the export is not a ZIP")
						}
					}},
			})
		})
		t.Run("councillor and resident", func(t *testing.T) {
			webtest.Run(t, e.client(councillor), []webtest.Scenario{
				{Name: "person", URL: person, Status: 404, NotContains: secret},
				{Name: "search", URL: "/workspace/people?name=Oyelaran", Status: 200, NotContains: append(secret, "Margaret")},
			})
			webtest.Run(t, e.client(access.Principal{}), []webtest.Scenario{{Name: "sign in first", URL: person, Status: 303}})
		})
	})
}
