package opendata_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/opendata"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/web"
	webopendata "github.com/guildhall-platform/guildhall/internal/web/opendata"
	"github.com/guildhall-platform/guildhall/services"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// env is the site with the bundled services on a real store, seeded as a
// resident would: pothole reports with personal details written into the
// free text, and an answered FOI request.
type env struct {
	t     *testing.T
	srv   *httptest.Server
	cases *cases.Service
	now   time.Time
	refs  []string
	foi   string
}

// personal are details written into the seeded free text; none may reach
// a published file or page.
var personal = []string{"Okafor", "Sarah", "07700 900123", "07700900123", "sarah.okafor@example.org", "2AB", "QQ 12 34 56 C", "14/02/1958", "Margaret", "Oduya"}

func newEnv(t *testing.T, st *store.Store) *env {
	t.Helper()
	cat, err := service.LoadDir(services.FS)
	if err != nil {
		t.Fatal(err)
	}
	reg := service.NewRegistry(cat)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	e := &env{t: t, now: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	clock := func() time.Time { return e.now }
	e.cases = &cases.Service{Store: st, Services: reg, Clock: cases.Calendar{}, Now: clock}
	srv := web.NewServer(web.Config{BaseURL: "http://127.0.0.1", InsecureCookies: true, CouncilName: "Cambridge City Council"}, quiet)
	data := &opendata.Service{Store: st, Services: reg, Now: clock, Publisher: "Cambridge City Council", Contact: "opendata@cambridge.gov.uk"}
	if err := webopendata.Register(srv, webopendata.Deps{Data: data, Services: reg, Logger: quiet}); err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)
	data.BaseURL = e.srv.URL
	e.seed()
	return e
}

func (e *env) seed() {
	ctx := context.Background()
	for i := range 6 {
		lat, lng := 52.2053456+float64(i)/1000, 0.1218765
		c, err := e.cases.Submit(ctx, access.Anonymous, cases.Submission{ServiceID: "report-a-pothole", Channel: cases.ChannelWeb,
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
	c, err := e.cases.Submit(ctx, access.Anonymous, cases.Submission{ServiceID: "foi-request", Channel: cases.ChannelWeb,
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
	e.now = e.now.AddDate(0, 0, 3)
	if c, err = e.cases.Transition(ctx, foi, c.Ref, "accept", nil, c.Version); err == nil {
		_, err = e.cases.Transition(ctx, foi, c.Ref, "respond", service.Answers{"outcome": {Text: "granted"},
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
	req, err := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
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
