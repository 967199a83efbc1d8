package security

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
	"github.com/guildhall-platform/guildhall/test/internal/server"
)

// Penetration test findings, against the real binary: the second-factor
// bypass, the lockout counter race and the TOTP replay race.

const adminPassword = "Long-enough-password-7"

// eachDB runs fn on a real serve over SQLite and over PostgreSQL.
func eachDB(t *testing.T, fn func(t *testing.T, s *site)) {
	server.EachDatabase(t, func(t *testing.T, url string) {
		fn(t, startSiteOn(t, url))
	})
}

// enrolAdmin completes the first administrator's first sign-in through the
// pages, loading the set-up page twice: it returns the TOTP key enrolled and
// the other page's key and sealed form value, as an onlooker (or, before
// the fix, anyone with the password) would have had them.
func enrolAdmin(t *testing.T, s *site) (key, spareKey, spareSealed string) {
	t.Helper()
	c := webtest.NewClient(t, s.srv.URL)
	c.Get("/sign-in")
	res, body := c.PostForm("/sign-in", url.Values{"email": {s.email}, "password": {s.secret}})
	expectLocal(t, res, body)
	res, body = c.PostForm("/sign-in/password", url.Values{"password": {adminPassword}})
	expectLocal(t, res, body)
	var keys, sealed [2]string
	for i := range 2 {
		_, body = c.Get("/sign-in/authenticator")
		k, sl := keyRE.FindStringSubmatch(body), sealedRE.FindStringSubmatch(body)
		if k == nil || sl == nil {
			t.Fatalf("no set-up key on the enrolment page:\n%.600s", body)
		}
		keys[i], sealed[i] = strings.ReplaceAll(k[1], " ", ""), html.UnescapeString(sl[1])
	}
	code, _ := auth.TOTPCode(keys[0], auth.TOTPStep(time.Now()))
	res, body = c.PostForm("/sign-in/authenticator", url.Values{"key": {sealed[0]}, "code": {code}})
	expectLocal(t, res, body)
	if res, _ := c.Get("/workspace"); res.StatusCode != http.StatusOK {
		t.Fatalf("administrator not signed in after enrolment: %d", res.StatusCode)
	}
	return keys[0], keys[1], sealed[1]
}

// passwordStep signs in with the administrator's password on a new client,
// which is left at the code step.
func passwordStep(t *testing.T, s *site) *webtest.Client {
	t.Helper()
	c := webtest.NewClient(t, s.srv.URL)
	c.Get("/sign-in")
	res, body := c.PostForm("/sign-in", url.Values{"email": {s.email}, "password": {adminPassword}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/sign-in/code" {
		t.Fatalf("password step: %d %q, want 303 to /sign-in/code\n%.600s", res.StatusCode, res.Header.Get("Location"), body)
	}
	return c
}

// TestPasswordOnlyTakeoverOfAdministrator: with the administrator's password
// alone, /sign-in/authenticator hands out no key, a key obtained earlier is
// refused and the owner's authenticator keeps working.
func TestPasswordOnlyTakeoverOfAdministrator(t *testing.T) {
	s := startSite(t)
	key, spareKey, spareSealed := enrolAdmin(t, s)

	attacker := passwordStep(t, s)
	res, body := attacker.Get("/sign-in/authenticator")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/sign-in/code" || keyRE.MatchString(body) {
		t.Errorf("GET /sign-in/authenticator after the password alone: %d %q, key shown %v; want 303 to /sign-in/code and no key",
			res.StatusCode, res.Header.Get("Location"), keyRE.MatchString(body))
	}
	attacker.Get("/sign-in/code") // a page with a form token
	code, _ := auth.TOTPCode(spareKey, auth.TOTPStep(time.Now()))
	res, body = attacker.PostForm("/sign-in/authenticator", url.Values{"key": {spareSealed}, "code": {code}})
	if res.StatusCode == http.StatusSeeOther && res.Header.Get("Location") != "/sign-in/code" {
		t.Errorf("POST /sign-in/authenticator with another key: 303 to %q", res.Header.Get("Location"))
	}
	if res, _ := attacker.Get("/workspace"); res.StatusCode == http.StatusOK {
		t.Fatal("the attacker is signed in as the administrator with the password alone")
	}
	if res, _ := attacker.Get("/admin/people"); res.StatusCode == http.StatusOK {
		t.Fatal("the attacker reached the administration pages")
	}

	owner := passwordStep(t, s)
	owner.Get("/sign-in/code")
	code, _ = auth.TOTPCode(key, auth.TOTPStep(time.Now())+1) // the enrolment used the current step
	res, body = owner.PostForm("/sign-in/code", url.Values{"code": {code}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/workspace" {
		t.Fatalf("the owner's own code after the attack: %d %q\n%.600s", res.StatusCode, res.Header.Get("Location"), body)
	}
}

// prepared is one client's POST, built in the test goroutine and sent from
// another (webtest.Client may only fail the test from the test goroutine).
type prepared struct {
	client *http.Client
	req    *http.Request
}

func prepare(c *webtest.Client, path string, form url.Values) prepared {
	form.Set("csrf_token", c.Token)
	req, _ := http.NewRequest(http.MethodPost, c.Base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return prepared{client: c.HTTP, req: req}
}

// sendAtOnce sends every request at the same moment and returns the
// statuses and Locations in order.
func sendAtOnce(t *testing.T, ps []prepared) (status []int, location []string) {
	t.Helper()
	status, location = make([]int, len(ps)), make([]string, len(ps))
	errs := make([]error, len(ps))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, p := range ps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res, err := p.client.Do(p.req)
			if err != nil {
				errs[i] = err
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			status[i], location[i] = res.StatusCode, res.Header.Get("Location")
		}()
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return status, location
}

func authTally(xs []int) map[int]int {
	m := map[int]int{}
	for _, x := range xs {
		m[x]++
	}
	return m
}

// TestParallelWrongPasswordsLock: twelve wrong passwords at once lock the
// account exactly as twelve in a row do: five refusals (the fifth locks),
// then seven "too many attempts"; the right password is then refused too.
func TestParallelWrongPasswordsLock(t *testing.T) {
	eachDB(t, func(t *testing.T, s *site) {
		enrolAdmin(t, s)
		var ps []prepared
		for range 12 {
			c := webtest.NewClient(t, s.srv.URL)
			c.Get("/sign-in")
			ps = append(ps, prepare(c, "/sign-in", url.Values{"email": {s.email}, "password": {"not-the-password"}}))
		}
		status, _ := sendAtOnce(t, ps)
		if got := authTally(status); got[http.StatusUnauthorized] != 5 || got[http.StatusTooManyRequests] != 7 {
			t.Errorf("12 wrong passwords at once: %v; want 5×401 and 7×429 as in sequence", got)
		}
		c := webtest.NewClient(t, s.srv.URL)
		c.Get("/sign-in")
		if res, _ := c.PostForm("/sign-in", url.Values{"email": {s.email}, "password": {adminPassword}}); res.StatusCode != http.StatusTooManyRequests {
			t.Errorf("right password after 12 failures: %d, want 429 (locked)", res.StatusCode)
		}
	})
}

// TestParallelTOTPReplayAcceptedOnce: one code sent at once from eight
// sessions that each passed the password step signs in exactly one of them.
func TestParallelTOTPReplayAcceptedOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, s *site) {
		key, _, _ := enrolAdmin(t, s)
		var clients []*webtest.Client
		var ps []prepared
		code, _ := auth.TOTPCode(key, auth.TOTPStep(time.Now())+1)
		for range 8 {
			c := passwordStep(t, s)
			c.Get("/sign-in/code")
			clients = append(clients, c)
			ps = append(ps, prepare(c, "/sign-in/code", url.Values{"code": {code}}))
		}
		status, location := sendAtOnce(t, ps)
		signedIn := 0
		for i, c := range clients {
			if status[i] == http.StatusSeeOther && location[i] == "/workspace" {
				signedIn++
			}
			if res, _ := c.Get("/workspace"); res.StatusCode == http.StatusOK {
				signedIn += 100 // counted per session that really works
			}
		}
		if signedIn != 101 {
			t.Errorf("one code sent from 8 sessions at once: statuses %v, %d accepted and %d sessions signed in; want exactly 1",
				status, signedIn%100, signedIn/100)
		}
	})
}

// TestParallelOneTimeSecretOnce: the console's one-time secret sent by
// eight browsers at once starts exactly one sign-in.
func TestParallelOneTimeSecretOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, s *site) {
		var ps []prepared
		for range 8 {
			c := webtest.NewClient(t, s.srv.URL)
			c.Get("/sign-in")
			ps = append(ps, prepare(c, "/sign-in", url.Values{"email": {s.email}, "password": {s.secret}}))
		}
		status, location := sendAtOnce(t, ps)
		started := 0
		for i := range status {
			if status[i] == http.StatusSeeOther && location[i] == "/sign-in/password" {
				started++
			}
		}
		if started != 1 {
			t.Errorf("one-time secret from 8 browsers at once: statuses %v, %d sign-ins started; want 1", status, started)
		}
	})
}
