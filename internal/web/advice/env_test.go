package advice_test

import (
	"context"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var (
	router = access.Principal{Kind: access.KindStaff, UserID: "ms1", Name: "Mo Services", MFA: true, Teams: []string{"members-services"},
		Grants: []access.Grant{{Role: "members_services", Team: "members-services"}}}
	auditor = access.Principal{Kind: access.KindStaff, UserID: "aud", Name: "Al Auditor", MFA: true,
		Grants: []access.Grant{{Role: access.RoleAuditor, Team: "*"}}}
	councillor = access.Principal{Kind: access.KindCouncillor, UserID: "cllr", Name: "Cllr Jones", MFA: true}
)

// enquiryText is a Member enquiry in a councillor's words, with personal
// details the routing page must not keep.
const enquiryText = "Mrs Patel (07700 900123, WV1 2AB) says a sofa and black bags have been dumped in the alley behind her house for three weeks."

// enquiryDay is when the Member enquiries were raised, and the platform's day.
var enquiryDay = time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)

// env is the platform with the bundled services, the AI features on (the
// triage model trained, advice quoting the test content folder) and three
// Member enquiries; enquiry is the first one's reference.
type env struct {
	*platformtest.Platform
	enquiry string
}

var envOptions = []platformtest.Option{platformtest.At(enquiryDay), platformtest.Trained("../../advice/testdata/content"),
	platformtest.Configure(func(c *platform.Config) { c.AI.GeneralEnquiryURL = "https://www.example-council.gov.uk/contact" })}

func newEnv(t *testing.T) *env { return seed(t, platformtest.New(t, envOptions...)) }

// each runs fn on SQLite and PostgreSQL with a fresh env.
func each(t *testing.T, fn func(t *testing.T, e *env)) {
	platformtest.Each(t, func(t *testing.T, p *platformtest.Platform) { fn(t, seed(t, p)) }, envOptions...)
}

func seed(t *testing.T, p *platformtest.Platform) *env {
	t.Helper()
	e := &env{Platform: p}
	e.enquiry = e.submitEnquiry(t, "MEMB-0001", enquiryText)
	e.submitEnquiry(t, "MEMB-0002", "Sofa and bin bags dumped in the alley behind the house for weeks, neighbours complaining.")
	e.submitEnquiry(t, "MEMB-0003", "Pothole on the high street damaged a resident's tyre.")
	return e
}

// submitEnquiry writes an enquiry with a known reference straight to the
// store, so that pages can be compared with the references they show.
func (e *env) submitEnquiry(t *testing.T, ref, text string) string {
	t.Helper()
	now := enquiryDay
	c := cases.Case{Ref: ref, ServiceID: "member-enquiry", Team: "members-services", Classification: service.OfficialSensitive,
		State: "received", Answers: service.Answers{"details": {Text: text}, "resident_name": {Text: "Anita Patel"}},
		Channel: cases.ChannelStaff, SubmittedAt: now, UpdatedAt: now, ClockStart: now, Version: 1, History: cases.ClockHistory{Received: now}}
	_, _, err := e.Store.SubmitCase(context.Background(), cases.Record{Case: c,
		Event: cases.Event{At: now, Actor: "cllr", Kind: cases.EventSubmitted, ToState: "received", Visibility: cases.Internal},
		Audit: audit.Entry{At: now, Actor: "cllr", Action: cases.AuditSubmit, Subject: c.Ref}})
	if err != nil {
		t.Fatal(err)
	}
	return c.Ref
}
