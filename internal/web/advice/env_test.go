package advice_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/advice"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
	"github.com/guildhall-platform/guildhall/internal/triage"
	"github.com/guildhall-platform/guildhall/internal/web"
	webadvice "github.com/guildhall-platform/guildhall/internal/web/advice"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
	"github.com/guildhall-platform/guildhall/services"
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

type env struct {
	st      *store.Store
	srv     *httptest.Server
	who     webtest.Principals
	trainer *triage.Trainer
	enquiry string // a Member enquiry's reference
}

// trained is shared: training takes about a second of CPU.
var (
	trained   *triage.Trainer
	trainOnce sync.Once
)

func newEnv(t *testing.T, st *store.Store) *env {
	t.Helper()
	cat, err := service.LoadDir(services.FS)
	if err != nil {
		t.Fatal(err)
	}
	reg := service.NewRegistry(cat)
	trainOnce.Do(func() {
		trained = triage.NewTrainer(func() []*service.Definition { return cat.All() }, nil, time.Now)
		if _, err := trained.Retrain(context.Background()); err != nil {
			panic(err)
		}
	})
	content, err := advice.LoadFolder(os.DirFS("../../advice/testdata/content"))
	if err != nil {
		t.Fatal(err)
	}
	ix := advice.NewIndex(append(content, advice.FromDefinitions(cat.All(), service.AudiencePublic)...))
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	e := &env{st: st, trainer: trained}
	srv := web.NewServer(web.Config{BaseURL: "http://127.0.0.1", InsecureCookies: true}, quiet)
	srv.Use(e.who.Middleware)
	err = webadvice.Register(srv, webadvice.Deps{Services: reg, Triage: trained, Advice: func() *advice.Index { return ix },
		Log: st, Cases: &cases.Service{Store: st, Services: reg}, Logger: quiet, AskLimit: web.NewLimiter(1000, 1000, 0),
		GeneralEnquiryURL: "https://www.example-council.gov.uk/contact",
		Transparency:      func() triage.ATRS { return triage.ATRS{Figures: triage.Measure(trained.Model())} }})
	if err != nil {
		t.Fatal(err)
	}
	top := http.NewServeMux()
	top.Handle("/", srv.Handler())
	top.HandleFunc("/test/as/{user}", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "who", Value: r.PathValue("user"), Path: "/"})
		http.Redirect(w, r, webadvice.PathRoute, http.StatusSeeOther)
	})
	e.srv = httptest.NewServer(top)
	t.Cleanup(e.srv.Close)
	for _, p := range []access.Principal{router, auditor, councillor} {
		e.who.Add(p)
	}
	e.enquiry = e.submitEnquiry(t, "MEMB-0001", enquiryText)
	e.submitEnquiry(t, "MEMB-0002", "Sofa and bin bags dumped in the alley behind the house for weeks, neighbours complaining.")
	e.submitEnquiry(t, "MEMB-0003", "Pothole on the high street damaged a resident's tyre.")
	return e
}

func (e *env) submitEnquiry(t *testing.T, ref, text string) string {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	c := cases.Case{Ref: ref, ServiceID: "member-enquiry", Team: "members-services", Classification: service.OfficialSensitive,
		State: "received", Answers: service.Answers{"details": {Text: text}, "resident_name": {Text: "Anita Patel"}},
		Channel: cases.ChannelStaff, SubmittedAt: now, UpdatedAt: now, ClockStart: now, Version: 1, History: cases.ClockHistory{Received: now}}
	_, _, err := e.st.SubmitCase(context.Background(), cases.Record{Case: c,
		Event: cases.Event{At: now, Actor: "cllr", Kind: cases.EventSubmitted, ToState: "received", Visibility: cases.Internal},
		Audit: audit.Entry{At: now, Actor: "cllr", Action: cases.AuditSubmit, Subject: c.Ref}})
	if err != nil {
		t.Fatal(err)
	}
	return c.Ref
}

func (e *env) client(t *testing.T, p *access.Principal) *webtest.Client {
	c := webtest.NewClient(t, e.srv.URL)
	if p != nil {
		u, _ := http.NewRequest(http.MethodGet, e.srv.URL, nil)
		c.HTTP.Jar.SetCookies(u.URL, []*http.Cookie{{Name: webtest.PrincipalCookie, Value: p.UserID, Path: "/"}})
	}
	return c
}
