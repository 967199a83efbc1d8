package opendata_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// env is the platform as serve wires it, with the bundled services,
// publishing as Cambridge City Council at its test server's address, seeded
// as a resident would: pothole reports with personal details written into
// the free text, and an answered FOI request.
type env struct {
	*platformtest.Platform
	t    *testing.T
	refs []string
	foi  string
}

// personal are details written into the seeded free text; none may reach
// a published file or page.
var personal = []string{"Okafor", "Sarah", "07700 900123", "07700900123", "sarah.okafor@example.org", "2AB", "QQ 12 34 56 C", "14/02/1958", "Margaret", "Oduya"}

// newEnv starts and seeds the platform (on a fresh database, or the store
// OnStore names).
func newEnv(t *testing.T, opts ...platformtest.Option) *env {
	t.Helper()
	p := platformtest.New(t, append(opts, platformtest.AtServerURL(), platformtest.Configure(func(c *platform.Config) {
		c.CouncilName, c.OpenDataContact = "Cambridge City Council", "opendata@cambridge.gov.uk"
	}))...)
	e := &env{Platform: p, t: t}
	e.seed()
	return e
}

func (e *env) seed() {
	ctx := context.Background()
	for i := range 6 {
		lat, lng := 52.2053456+float64(i)/1000, 0.1218765
		c, err := e.Cases.Submit(ctx, access.Anonymous, cases.Submission{ServiceID: "report-a-pothole", Channel: cases.ChannelWeb,
			Answers: service.Answers{
				"location": {Location: &service.Location{Lat: &lat, Lng: &lng,
					Description: "Outside 14 Mill Road CB1 2AB. Sarah Okafor (sarah.okafor@example.org, 07700 900123, NI QQ 12 34 56 C, DOB 14/02/1958) fell here"}},
				"surface": {Text: "road"}, "size": {Text: "large"}, "dangerous": {Text: "no"},
				"full_name": {Text: "Sarah Okafor"}, "email": {Text: "sarah.okafor@example.org"}, "phone": {Text: "07700 900123"},
			}})
		if err != nil {
			e.t.Fatal(err)
		}
		e.refs = append(e.refs, c.Ref)
	}
	c, err := e.Cases.Submit(ctx, access.Anonymous, cases.Submission{ServiceID: "foi-request", Channel: cases.ChannelWeb,
		Answers: service.Answers{
			"request":   {Text: "How much did the council spend repairing potholes in 2025? Reply to Margaret Oduya."},
			"format":    {Text: "email"},
			"full_name": {Text: "Margaret Oduya"}, "email": {Text: "m.oduya@example.org"},
		}})
	if err != nil {
		e.t.Fatal(err)
	}
	foi := access.Principal{Kind: access.KindStaff, UserID: "u-foi", Name: "Fola", Teams: []string{"information-governance"}, MFA: true,
		Grants: []access.Grant{{Role: "officer", Team: "information-governance"}}}
	e.Clock.Add(3 * 24 * time.Hour)
	if c, err = e.Cases.Transition(ctx, foi, c.Ref, "accept", nil, c.Version); err == nil {
		_, err = e.Cases.Transition(ctx, foi, c.Ref, "respond", service.Answers{"outcome": {Text: "granted"},
			"response": {Text: "Dear Ms Oduya,\n\nWe spent £1.2m repairing potholes in 2025."}}, c.Version)
	}
	if err != nil {
		e.t.Fatal(err)
	}
	e.foi = c.Ref
}

// get fetches a path and returns the response and its body.
func (e *env) get(path string, header ...string) (*http.Response, string) {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return e.do(req)
}

func (e *env) do(req *http.Request) (*http.Response, string) {
	e.t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return res, string(b)
}

// noPersonal fails the test if a seeded personal detail is in body.
func noPersonal(t *testing.T, what, body string) {
	t.Helper()
	for _, p := range personal {
		if strings.Contains(body, p) {
			t.Errorf("%s publishes %q", what, p)
		}
	}
}

func officer() access.Principal {
	return access.Principal{Kind: access.KindStaff, UserID: "u-highways", Name: "Olu", Teams: []string{"highways"}, MFA: true,
		Grants: []access.Grant{{Role: "officer", Team: "highways"}}}
}
