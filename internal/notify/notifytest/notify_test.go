package notifytest_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/notify"
	"github.com/guildhall-platform/guildhall/internal/notify/notifytest"
)

// post sends body to path with the Authorization header auth and returns
// the status and decoded JSON body.
func post(t *testing.T, srv *notifytest.Server, path, auth, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(body))
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out
}

func bearer(t *testing.T, key string, at time.Time) string {
	k, err := notify.ParseAPIKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return "Bearer " + k.Token(at)
}

// unsigned builds a token with the given header and claims, signed with secret.
func unsigned(header, claims, secret string) string {
	enc := base64.RawURLEncoding.EncodeToString
	in := enc([]byte(header)) + "." + enc([]byte(claims))
	return "Bearer " + in + "." + notify.Sign(in, secret)
}

func errBody(status int, kind string, messages ...string) map[string]any {
	var errs []any
	for _, m := range messages {
		errs = append(errs, map[string]any{"error": kind, "message": m})
	}
	return map[string]any{"status_code": float64(status), "errors": errs}
}

func TestServerErrors(t *testing.T) {
	srv := notifytest.NewServer(t)
	now := time.Now()
	good := bearer(t, srv.APIKey, now)
	email := `{"email_address":"a@example.org","template_id":"` + srv.EmailTemplate + `","personalisation":{"subject":"s","body":"b"}}`
	tests := []struct {
		name   string
		path   string
		auth   string
		body   string
		status int
		want   map[string]any
	}{
		{"no token", "/v2/notifications/email", "", email, 401,
			errBody(401, "AuthError", "Unauthorized: authentication token must be provided")},
		{"not bearer", "/v2/notifications/email", "Basic YTpi", email, 401,
			errBody(401, "AuthError", "Unauthorized: authentication bearer scheme must be used")},
		{"wrong signature", "/v2/notifications/email", unsigned(`{"typ":"JWT","alg":"HS256"}`,
			`{"iss":"`+srv.ServiceID+`","iat":`+itoa(now.Unix())+`}`, "not-the-secret"), email, 403,
			errBody(403, "AuthError", "Invalid token: signature, api token is not valid")},
		{"no iss", "/v2/notifications/email", unsigned(`{"typ":"JWT","alg":"HS256"}`, `{"iat":`+itoa(now.Unix())+`}`, srv.Secret), email, 403,
			errBody(403, "AuthError", "Invalid token: iss field not provided")},
		{"not HS256", "/v2/notifications/email", unsigned(`{"typ":"JWT","alg":"HS512"}`,
			`{"iss":"`+srv.ServiceID+`","iat":`+itoa(now.Unix())+`}`, srv.Secret), email, 403,
			errBody(403, "AuthError", "Invalid token: algorithm used is not HS256")},
		{"clock 31 s behind", "/v2/notifications/email", bearer(t, srv.APIKey, now.Add(-31*time.Second)), email, 403,
			errBody(403, "AuthError", "Error: Your system clock must be accurate to within 30 seconds")},
		{"no email_address", "/v2/notifications/email", good, `{"template_id":"` + srv.EmailTemplate + `"}`, 400,
			errBody(400, "ValidationError", "email_address is a required property")},
		{"nothing", "/v2/notifications/email", good, `{}`, 400,
			errBody(400, "ValidationError", "email_address is a required property", "template_id is a required property")},
		{"bad template id", "/v2/notifications/sms", good, `{"phone_number":"07700900123","template_id":"x"}`, 400,
			errBody(400, "ValidationError", "template_id is not a valid UUID")},
		{"bad phone", "/v2/notifications/sms", good, `{"phone_number":"01632 960001","template_id":"` + srv.SMSTemplate + `"}`, 400,
			errBody(400, "ValidationError", "phone_number Not a UK mobile number")},
		{"letters in phone", "/v2/notifications/sms", good, `{"phone_number":"07700 90O123","template_id":"` + srv.SMSTemplate + `"}`, 400,
			errBody(400, "ValidationError", "phone_number Must not contain letters or symbols")},
		{"bad reply-to id", "/v2/notifications/email", good, `{"email_address":"a@example.org","template_id":"` + srv.EmailTemplate + `","email_reply_to_id":"nope"}`, 400,
			errBody(400, "ValidationError", "email_reply_to_id is not a valid UUID")},
		{"email template for sms", "/v2/notifications/sms", good, `{"phone_number":"+44 7700 900123","template_id":"` + srv.EmailTemplate + `"}`, 400,
			errBody(400, "BadRequestError", "email template is not suitable for sms notification")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, got := post(t, srv, tt.path, tt.auth, tt.body)
			if status != tt.status || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %d %v\nwant %d %v", status, got, tt.status, tt.want)
			}
		})
	}
	if n := len(srv.Notifications()); n != 0 {
		t.Errorf("server accepted %d notifications, want 0", n)
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestServerCreatedAndRateLimit(t *testing.T) {
	srv := notifytest.NewServer(t)
	srv.SetRateLimit(2, time.Minute)
	body := `{"email_address":"a@example.org","template_id":"` + srv.EmailTemplate +
		`","personalisation":{"subject":"Hi ((not a placeholder","body":"Body"},"reference":"ref-1"}`
	status, got := post(t, srv, "/v2/notifications/email", bearer(t, srv.APIKey, time.Now()), body)
	if status != 201 {
		t.Fatalf("status %d: %v", status, got)
	}
	n := srv.Notifications()[0]
	want := map[string]any{
		"id": n.ID, "reference": "ref-1", "scheduled_for": nil,
		"uri": srv.URL + "/v2/notifications/" + n.ID,
		"content": map[string]any{"subject": "Hi ((not a placeholder", "body": "Body",
			"from_email": "guildhall.test@notifications.service.gov.uk", "one_click_unsubscribe_url": nil},
		"template": map[string]any{"id": srv.EmailTemplate, "version": float64(1),
			"uri": srv.URL + "/services/" + srv.ServiceID + "/templates/" + srv.EmailTemplate},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("201 body\n got %v\nwant %v", got, want)
	}
	post(t, srv, "/v2/notifications/email", bearer(t, srv.APIKey, time.Now()), body)
	status, got = post(t, srv, "/v2/notifications/email", bearer(t, srv.APIKey, time.Now()), body)
	if want := errBody(429, "RateLimitError", "Exceeded rate limit for key type TEAM of 2 requests per 60 seconds"); status != 429 || !reflect.DeepEqual(got, want) {
		t.Errorf("third request: %d %v", status, got)
	}
	srv.SetNow(func() time.Time { return time.Now().Add(61 * time.Second) })
	if status, _ := post(t, srv, "/v2/notifications/email", bearer(t, srv.APIKey, time.Now().Add(61*time.Second)), body); status != 201 {
		t.Errorf("after the window: status %d, want 201", status)
	}
}
