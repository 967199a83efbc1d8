package cases

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/golden"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/services"
)

// TestMessagesGolden renders every message of every bundled service, as a
// person receives it (email, and text message where the resident may have
// given only a mobile number), with the same realistic case, and compares
// each with testdata/golden/<service>/<message>.txt. Run with -update after
// changing a template, then read every changed file.
func TestMessagesGolden(t *testing.T) {
	cat, err := service.LoadDir(services.FS)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, def := range cat.All() {
		for _, m := range moments(def) {
			name := filepath.Join(def.ID, m.name+".txt")
			seen[name] = true
			t.Run(def.ID+"/"+m.name, func(t *testing.T) {
				got := renderMoment(t, def, m.n)
				golden.Check(t, filepath.Join("testdata", "golden", name), got)
			})
		}
	}
	// A golden file for a message that no longer exists is stale.
	files, _ := filepath.Glob(filepath.Join("testdata", "golden", "*", "*.txt"))
	for _, f := range files {
		rel, _ := filepath.Rel(filepath.Join("testdata", "golden"), f)
		if !seen[rel] {
			t.Errorf("%s: no bundled message renders it; delete it", f)
		}
	}
}

type moment struct {
	name string
	n    notice
}

// moments are the distinct moments a definition sends messages at.
func moments(def *service.Definition) []moment {
	var out []moment
	have := map[string]bool{}
	for _, tmpl := range def.Notifications {
		m := moment{name: string(tmpl.Event), n: notice{event: tmpl.Event}}
		if tmpl.Transition != "" {
			m.name += "-" + tmpl.Transition
			for i := range def.Workflow.Transitions {
				if tr := &def.Workflow.Transitions[i]; tr.ID == tmpl.Transition {
					m.n.transition, m.n.fields = tr, fixtureFields(def.ID, tr)
				}
			}
		}
		if m.n.event == service.EventNote {
			m.n.note = fixtureNotes[def.ID]
		}
		if !have[m.name] {
			have[m.name] = true
			out = append(out, m)
		}
	}
	return out
}

// renderMoment renders what each recipient receives: email for everyone,
// then a text message for a resident who gave only a mobile number.
func renderMoment(t *testing.T, def *service.Definition, n notice) string {
	s := &Service{TeamMailboxes: map[string]string{def.Team: def.Team + "@westbury.gov.uk", "housing": "housing@westbury.gov.uk"}, Contacts: fixtureContacts{}}
	c := fixtureCase(def)
	if n.transition != nil {
		if team := movedTo(*n.transition, n.fields); team != "" {
			c.Team = team // as transitionChange does before rendering
		}
	}
	var b strings.Builder
	msgs := s.notifications(context.Background(), def, c, n, c.SubmittedAt)
	if def.Applicant.Phone != "" {
		sms := c
		sms.Applicant.Email = ""
		for _, m := range s.notifications(context.Background(), def, sms, n, c.SubmittedAt) {
			if decode(t, m.Payload).Channel == "sms" {
				msgs = append(msgs, m)
			}
		}
	}
	if len(msgs) == 0 {
		t.Fatalf("no message rendered")
	}
	for i, m := range msgs {
		nm := decode(t, m.Payload)
		if i > 0 {
			b.WriteString("\n========\n\n")
		}
		switch nm.Channel {
		case "sms":
			n := len([]rune(nm.Body))
			if n > service.SMSLimit {
				t.Errorf("text message of %d characters: more than %d", n, service.SMSLimit)
			}
			fmt.Fprintf(&b, "To: %s (text message, %d characters)\n\n%s\n", nm.To, n, nm.Body)
		default:
			fmt.Fprintf(&b, "To: %s (email)\nSubject: %s\n\n%s\n", nm.To, nm.Subject, strings.TrimRight(nm.Body, "\n"))
		}
		checkReadable(t, nm)
	}
	return b.String()
}

// checkReadable fails what no person should ever read in a message.
func checkReadable(t *testing.T, m notifyMessage) {
	t.Helper()
	for _, text := range []string{m.Subject, m.Body} {
		switch {
		case strings.Contains(text, "{{") || strings.Contains(text, "}}"):
			t.Errorf("placeholder left in %q", text)
		case strings.HasPrefix(text, "|") || strings.HasPrefix(text, ">"):
			t.Errorf("YAML block marker in %q", text)
		case strings.Contains(text, "\n "):
			t.Errorf("source indentation in %q", text)
		case strings.Contains(text, "  "):
			t.Errorf("double space (an empty placeholder?) in %q", text)
		}
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		t.Errorf("line break in subject %q", m.Subject)
	}
}

func decode(t *testing.T, payload []byte) notifyMessage {
	t.Helper()
	var m notifyMessage
	if err := json.Unmarshal(payload, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// fixtureContacts knows the councillor who raises the fixture enquiry.
type fixtureContacts struct{}

func (fixtureContacts) ContactEmail(_ context.Context, id string) (string, error) {
	if id == "u-cllr-jones" {
		return "cllr.jones@westbury.gov.uk", nil
	}
	return "", fault.New(fault.NotFound, "user %s", id)
}

func (fixtureContacts) Teams(context.Context) ([]access.Team, error) {
	return []access.Team{{ID: "housing", Name: "Housing"}, {ID: "members-services", Name: "Members' Services"}}, nil
}

// fixtureNotes are notes an officer sends to the resident, by service.
var fixtureNotes = map[string]string{
	"application-portfolio":  "Please attach the signed contract so that we can check the renewal terms.",
	"complaint":              "We are still looking into your complaint. We have asked the waste crew for their records for the last six weeks.",
	"foi-request":            "We have found the information you asked for and are checking it before we send it.",
	"it-service-request":     "An engineer will come to your desk on Tuesday morning.",
	"member-enquiry":         "Housing have booked an inspection of 3 Mill Lane for Tuesday 8 December.",
	"missed-bin-collection":  "The crew will come back on Saturday morning.",
	"moving-home":            "We have received your tenancy agreement. Thank you.",
	"report-a-pothole":       "An inspector will look at the pothole on Tuesday.",
	"report-fly-tipping":     "We have found evidence in the waste and passed it to our enforcement team.",
	"risk-register":          "Please update the controls before the committee meets on 14 January.",
	"subject-access-request": "We have found records in three services and are now reading them.",
}

// fixtureCase is one realistic case of def, submitted on Friday 20
// November 2026 and due at the end of Friday 4 December 2026.
func fixtureCase(def *service.Definition) Case {
	due := time.Date(2026, 12, 5, 0, 0, 0, 0, london)
	c := Case{
		Ref: "K7QD-M2XH", ServiceID: def.ID, Team: def.Team, Classification: def.Classification,
		State: initialState(def), Answers: service.Answers{}, DueAt: &due,
		SubmittedAt: time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC),
	}
	for _, p := range def.Pages {
		for i := range p.Questions {
			q := &p.Questions[i]
			c.Answers[q.ID] = fixtureAnswer(def.ID, q)
			if q.Type == service.TypeDate && q.ID != "contract_end" {
				c.Answers[q.ID] = service.Answer{Text: "2026-11-16"}
			}
		}
	}
	c.Applicant = def.ApplicantOf(c.Answers)
	if slices.Contains(def.Audience, service.AudienceCouncillor) {
		c.CreatedBy = "u-cllr-jones"
	}
	return c
}

// fixtureText holds realistic answers by question or field id.
var fixtureText = map[string]string{
	"full_name": "Amira Khan", "resident_name": "Amira Khan", "requester_name": "Tom Okafor",
	"business_owner": "Priya Shah", "owner_name": "Priya Shah", "starter_name": "Jo Evans",
	"app_name": "Civica Pay", "supplier": "Civica UK Ltd", "title": "Payroll system fails at month end",
	"system": "Payroll", "account_number": "40012345", "cost_centre": "IT-4410",
	"relationship": "", "previous_names": "", "vehicle_registration": "",
	"licences": "250", "score": "16", "likelihood": "4", "impact": "4", "adults": "2", "annual_cost": "48000",
	// Transition fields.
	"response":           "We have looked into what you told us. You were right that the crew missed Elm Grove three weeks running, and we are sorry. We have changed the crew's round so that Elm Grove is emptied first, and a supervisor will check it every week until the end of January.",
	"decision":           "We agree with the original decision to withhold the contractor's prices under section 43(2) (commercial interests). The rest of the information was released in full, so the response stands.",
	"question":           "You asked for \"all emails about the bypass\". Please tell us which years you are interested in, and whether you mean emails between council staff only or with the contractor as well.",
	"resolution":         "We have replaced the docking station at your desk. Your two screens and keyboard now work.",
	"reason":             "The dip is 20mm deep, less than the 40mm at which we repair a road, so it is not a danger to traffic.",
	"crew_note":          "The crew came at 7.10am and the black bin was not at the kerb.",
	"information_needed": "Please tell us the date you got the keys to your new home, and send us a copy of your tenancy agreement.",
	"identity_needed":    "Please send a copy of your passport or driving licence, and a bank statement or utility bill from the last three months showing your address. You can bring them to any council office.",
	"why_complex":        "You asked for records held by six services over 20 years, including social care files that we must read page by page.",
	"escalation_note":    "We need a decision on funding a second payroll supplier before the March pay run.",
	"draft":              "Housing have inspected the damp at 3 Mill Lane. A contractor will treat the wall and replace the extractor fan by Friday 18 December.",
	"exemption":          "Section 43(2) commercial interests",
	"passed_to":          "Waste and recycling",
	"why_escalate":       "The complainant says the missed collections have continued.",
	"closure_reason":     "The new payroll supplier is in place.",
	"service_team":       "housing",
}

// fixtureByService holds answers that differ between services.
var fixtureByService = map[string]string{
	"member-enquiry/response":         "Housing have inspected the damp at 3 Mill Lane. A contractor will treat the wall and replace the extractor fan by Friday 18 December. Housing will write to Ms Khan to confirm the appointment.",
	"data-protection-rights/response": "We have deleted your missed bin reports and removed you from our records of residents. We must keep your 2025 pothole claim until March 2032 for legal claims (Limitation Act 1980); it will then be anonymised.",
	"data-protection-rights/reasons":  "We must keep your council tax records for six years after the end of the financial year they cover (Local Government Finance Act 1992), so we cannot delete them now.",
	"subject-access-request/response": "We have sent your records to you by secure email, in a separate message. We have removed the names of other people from your social care file, as the law requires.",
	"foi-request/response":            "You asked how many potholes the council repaired in 2025. We repaired 4,212 potholes in 2025: 1,980 on A and B roads and 2,232 on other roads.",
	"risk-register/description":       "The payroll system has failed at month end twice this year.",
	"it-service-request/description":  "The docking station at my desk has stopped working, so I cannot use my screens.",
	"it-service-request/reason":       "The budget for new monitors this year has been spent. Please ask again after 1 April.",
	"resident-parking-permit/reason":  "Your address is not in a residents' parking zone.",
	"member-enquiry/details":          "Ms Khan has reported damp in her bedroom three times since September.",
}

func fixtureAnswer(serviceID string, q *service.Question) service.Answer {
	if v, ok := fixtureByService[serviceID+"/"+q.ID]; ok {
		return service.Answer{Text: v}
	}
	switch q.Type {
	case service.TypeEmail:
		switch q.ID {
		case "requester_email":
			return service.Answer{Text: "tom.okafor@westbury.gov.uk"}
		case "business_owner_email", "owner_email":
			return service.Answer{Text: "priya.shah@westbury.gov.uk"}
		}
		return service.Answer{Text: "amira.khan@example.com"}
	case service.TypePhone:
		return service.Answer{Text: "07700 900123"}
	case service.TypeDate:
		return service.Answer{Text: "2026-12-11"}
	case service.TypeAddress:
		return service.Answer{Address: &service.Address{Line1: "14 Station Road", Town: "Westbury", Postcode: "BA13 3JD", UPRN: "100121234567"}}
	case service.TypeLocation:
		return service.Answer{Location: &service.Location{Description: "outside 14 Station Road, by the bus stop"}}
	case service.TypePostcode:
		return service.Answer{Text: "BA13 3JD"}
	case service.TypeYesNo:
		return service.Answer{Text: "yes"}
	case service.TypeRadios, service.TypeSelect:
		return service.Answer{Text: q.Options[0].Value}
	case service.TypeCheckboxes:
		return service.Answer{Choices: []string{q.Options[0].Value}}
	case service.TypeFile:
		return service.Answer{File: &service.FileRef{Name: "photo.jpg", ContentType: "image/jpeg"}}
	case service.TypeRepeat:
		vehicle := func(reg, make string) service.Answers {
			return service.Answers{"registration": {Text: reg}, "make": {Text: make}, "keeper": {Text: "yes"}}
		}
		return service.Answer{Items: []service.Answers{vehicle("AB12 CDE", "Ford Focus"), vehicle("XY70 ZZZ", "Nissan Leaf"), vehicle("LR05 ABC", "Land Rover Defender")}}
	}
	if v, ok := fixtureText[q.ID]; ok {
		return service.Answer{Text: v}
	}
	if q.Type == service.TypeNumber {
		return service.Answer{Text: "3"}
	}
	return service.Answer{Text: "The bin was out by 7am but the crew did not stop."}
}

// fixtureFields answers every field of a transition.
func fixtureFields(serviceID string, t *service.Transition) service.Answers {
	a := service.Answers{}
	for i := range t.Fields {
		q := &t.Fields[i]
		a[q.ID] = fixtureAnswer(serviceID, q)
	}
	return a
}
