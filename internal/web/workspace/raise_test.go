package workspace_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// Principals of the bundled services' teams.
var (
	councillor = access.Principal{Kind: access.KindCouncillor, UserID: "cllr-ward", Name: "Cllr Ward", MFA: true}
	itStaff    = access.Principal{Kind: access.KindStaff, UserID: "sam-staff", Name: "Sam Staff", Teams: []string{"it-service-desk", "risk", "it-architecture"},
		Grants: []access.Grant{{Role: "analyst", Team: "it-service-desk"}, {Role: "risk_owner", Team: "risk"}, {Role: "architect", Team: "it-architecture"}}, MFA: true}
	membersOfficer = access.Principal{Kind: access.KindStaff, UserID: "mo", Name: "Members Officer", Teams: []string{"members-services"},
		Grants: []access.Grant{{Role: "members_services", Team: "members-services"}}, MFA: true}
)

// TestRaiseRequestEndToEnd fills every bundled staff and councillor service
// from "Raise a request" through the front door's question pages, as the
// signed-in person, and checks the case: raised by that person on the
// channel of their kind (a councillor's enquiry is not "raised by staff"),
// in "My enquiries" for the councillor, and in the owning team's queue, whose
// case page says who raised it.
func TestRaiseRequestEndToEnd(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		reg := e.Registry
		tests := []struct {
			who     access.Principal
			service string
			channel cases.Channel
		}{
			{councillor, "member-enquiry", cases.ChannelCouncillor},
			{itStaff, "it-service-request", cases.ChannelStaff},
			{itStaff, "risk-register", cases.ChannelStaff},
			{itStaff, "application-portfolio", cases.ChannelStaff},
		}
		for _, tt := range tests {
			t.Run(tt.service, func(t *testing.T) {
				def, _ := reg.Load().Get(tt.service)
				c := e.Client(tt.who)
				_, body := c.Get("/workspace/raise")
				if !strings.Contains(body, `href="/services/`+tt.service+`"`) {
					t.Fatalf("Raise a request does not offer %s", tt.service)
				}
				ref := fillService(t, c, def)
				got, err := e.Cases.Get(context.Background(), access.System, ref)
				if err != nil {
					t.Fatal(err)
				}
				if got.Channel != tt.channel || got.CreatedBy != tt.who.UserID || got.ServiceID != tt.service {
					t.Fatalf("case %s: channel %s, created by %q, service %s", ref, got.Channel, got.CreatedBy, got.ServiceID)
				}
			})
		}
		refs := findRefs(t, e, councillor, "/workspace/enquiries")
		if len(refs) != 1 {
			t.Fatalf("councillor's enquiries: %v", refs)
		}
		webtest.Run(t, e.Client(membersOfficer), []webtest.Scenario{
			{Name: "members services queue has it", URL: "/workspace/queue?team=members-services", Status: 200,
				Contains: []string{refs[0], "OFFICIAL-SENSITIVE"}},
			{Name: "its page says a councillor raised it", URL: "/workspace/cases/" + refs[0], Status: 200,
				Contains: []string{"(raised by a councillor)"}, NotContains: []string{"raised by staff"}},
		})
		webtest.Run(t, e.Client(access.Principal{}), []webtest.Scenario{
			{Name: "residents cannot find the councillor service", URL: "/services/member-enquiry", Status: http.StatusNotFound},
			{Name: "residents cannot find a staff service", URL: "/services/it-service-request", Status: http.StatusNotFound},
		})
		webtest.Run(t, e.Client(councillor), []webtest.Scenario{
			{Name: "councillors cannot fill staff services", URL: "/services/it-service-request", Status: http.StatusNotFound},
		})
	}, platformtest.Bundled())
}

var refRE = regexp.MustCompile(`[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}`)

func findRefs(t *testing.T, e *env, p access.Principal, path string) []string {
	t.Helper()
	_, body := e.Client(p).Get(path)
	seen := map[string]bool{}
	var out []string
	for _, r := range refRE.FindAllString(body, -1) {
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

// fillService answers a service's pages with valid answers and submits it,
// returning the case reference from the confirmation page.
func fillService(t *testing.T, c *webtest.Client, def *service.Definition) string {
	t.Helper()
	res, body := c.Get("/services/" + def.ID)
	start := regexp.MustCompile(`href="(/services/[^"]+/questions/[^"]+)"`).FindStringSubmatch(body)
	if res.StatusCode != 200 || start == nil {
		t.Fatalf("start page of %s: %d", def.ID, res.StatusCode)
	}
	if strings.Contains(body, "Assisted digital") {
		t.Errorf("%s start page shows the assisted digital banner to staff raising it for themselves", def.ID)
	}
	path, answers := start[1], service.Answers{}
	for range 30 {
		if strings.Contains(path, "/check-answers") {
			break
		}
		c.Get(path) // the page's form carries the form token
		page, _, ok := def.PageByID(path[strings.LastIndex(path, "/")+1:])
		if !ok {
			t.Fatalf("unknown page %s", path)
		}
		form := url.Values{}
		for i := range page.Questions {
			if q := &page.Questions[i]; def.QuestionVisible(q, answers) {
				for k, v := range validAnswer(q) {
					form[k] = v
				}
			}
		}
		if pageHasFile(page) {
			res, body = c.PostMultipart(path, form)
		} else {
			res, body = c.PostForm(path, form)
		}
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d\n%s", path, res.StatusCode, body[strings.Index(body, "<main"):min(len(body), strings.Index(body, "<main")+1500)])
		}
		a, _ := def.DecodePage(page, service.Form(form), answers)
		answers = a
		path = res.Header.Get("Location")
	}
	c.Get(path)
	res, _ = c.PostForm(path, nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit %s: %d", def.ID, res.StatusCode)
	}
	_, body = c.Follow(res)
	ref := regexp.MustCompile(`<strong>(` + refRE.String() + `)</strong>`).FindStringSubmatch(body)
	if ref == nil {
		t.Fatalf("no reference on the confirmation page of %s", def.ID)
	}
	return ref[1]
}

func pageHasFile(p *service.Page) bool {
	for _, q := range p.Questions {
		if q.Type == service.TypeFile {
			return true
		}
	}
	return false
}

// validAnswer is a valid form value for a question, by type and rules.
func validAnswer(q *service.Question) url.Values {
	v := url.Values{}
	switch q.Type {
	case service.TypeFile:
	case service.TypeAddress:
		v.Set(q.ID+"-line1", "1 High Street")
		v.Set(q.ID+"-town", "Guildtown")
		v.Set(q.ID+"-postcode", "SW1A 1AA")
	case service.TypeLocation:
		v.Set(q.ID+"-description", "Outside the library")
	case service.TypeDate:
		d := "2026-11-02"
		if q.Validate.Future {
			d = "2027-03-01"
		}
		v.Set(q.ID+"-year", d[:4])
		v.Set(q.ID+"-month", d[5:7])
		v.Set(q.ID+"-day", d[8:])
	case service.TypeYesNo:
		v.Set(q.ID, "no")
	case service.TypeRadios, service.TypeSelect, service.TypeCheckboxes:
		v.Set(q.ID, q.Options[0].Value)
	case service.TypeEmail:
		v.Set(q.ID, "someone@example.gov.uk")
	case service.TypePhone:
		v.Set(q.ID, "01632 960001")
	case service.TypePostcode:
		v.Set(q.ID, "SW1A 1AA")
	case service.TypeNumber:
		n := "3"
		if q.Validate.Min != nil && *q.Validate.Min > 3 {
			n = "25"
		}
		v.Set(q.ID, n)
	default:
		v.Set(q.ID, textFor(q))
	}
	return v
}

func textFor(q *service.Question) string {
	if q.Validate.Pattern == "" {
		return "A test answer"
	}
	re := regexp.MustCompile(q.Validate.Pattern)
	for _, s := range []string{"CC1234", "250", "A test answer"} {
		if re.MatchString(s) {
			return s
		}
	}
	return "A test answer"
}

// TestStaffSeeTheRequestsTheyRaised: a highways officer asks IT for a laptop.
// The request is worked by the IT service desk, yet the officer follows it
// under "My requests" and can open it (with no actions); a colleague who did
// not raise it sees neither.
func TestStaffSeeTheRequestsTheyRaised(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		reg := e.Registry
		def, _ := reg.Load().Get("it-service-request")
		ref := fillService(t, e.Client(officerA), def)
		if refs := findRefs(t, e, officerA, "/workspace/requests"); len(refs) != 1 || refs[0] != ref {
			t.Fatalf("officer's requests = %v, want [%s]", refs, ref)
		}
		webtest.Run(t, e.Client(officerA), []webtest.Scenario{
			{Name: "home links to it", URL: "/workspace", Status: 200, Contains: []string{`href="/workspace/requests"`, "My requests"}},
			{Name: "the request opens, read only", URL: "/workspace/cases/" + ref, Status: 200, Contains: []string{"Case " + ref},
				NotContains: []string{"Take this case", `action="/workspace/cases/` + ref + `/assign"`}},
		})
		webtest.Run(t, e.Client(leaderA), []webtest.Scenario{
			{Name: "a colleague's requests do not list it", URL: "/workspace/requests", Status: 200, NotContains: []string{ref}},
			{Name: "a colleague cannot open it", URL: "/workspace/cases/" + ref, Status: http.StatusNotFound},
		})
		webtest.Run(t, e.Client(councillor), []webtest.Scenario{
			{Name: "councillors have enquiries, not requests", URL: "/workspace/requests", Status: http.StatusNotFound},
		})
	}, platformtest.Bundled())
}

// TestStaffServicesPrefillWhoIsAsking: the council knows who a signed-in
// member of staff is, so myIT starts with their name and work email filled
// in (still editable); a councillor's enquiry, whose applicant is the
// resident, and a public service filled in for a resident start empty.
func TestStaffServicesPrefillWhoIsAsking(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ada := officerA
		ada.Email = "ada.officer@council.example"
		webtest.Run(t, e.Client(ada), []webtest.Scenario{
			{Name: "name prefilled", URL: "/services/it-service-request/questions/you", Status: 200, Contains: []string{
				`name="requester_name" type="text" value="Ada Officer"`, `value="ada.officer@council.example"`}},
		})
		cllr := councillor
		cllr.Email = "cllr.ward@council.example"
		webtest.Run(t, e.Client(cllr), []webtest.Scenario{
			{Name: "the resident is not the councillor", URL: "/services/member-enquiry/questions/resident", Status: 200,
				Contains: []string{`name="resident_name" type="text" value=""`}, NotContains: []string{"Cllr Ward", "cllr.ward@"}},
		})
		webtest.Run(t, e.Client(ada), []webtest.Scenario{
			{Name: "assisted digital is for the resident", URL: "/services/report-a-pothole", Status: 200, NotContains: []string{"Ada Officer", "ada.officer@"}},
		})
	}, platformtest.Bundled())
}
