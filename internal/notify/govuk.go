package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// DefaultNotifyURL is GOV.UK Notify's API.
const DefaultNotifyURL = "https://api.notifications.service.gov.uk"

const userAgent = "guildhall-notify/1 (+https://github.com/guildhall-platform/guildhall)"

// NotifySender sends through the GOV.UK Notify REST API v2.
//
// A message without its own template uses EmailTemplate or SMSTemplate. Set
// those up in Notify with the placeholders the sender always fills: an email
// template with subject ((subject)) and body ((body)), a text message
// template with body ((body)). The message's Personalisation is sent too,
// for templates of its own.
type NotifySender struct {
	Key           APIKey
	BaseURL       string       // DefaultNotifyURL if empty
	Client        *http.Client // must have a Timeout; see NewNotifySender
	EmailTemplate string
	SMSTemplate   string
	// EmailReplyToID and SMSSenderID optionally choose one of the service's
	// reply-to addresses or text message senders set up in Notify.
	EmailReplyToID string
	SMSSenderID    string
	// CheckReference asks Notify, before sending, whether a notification
	// with the message's id as reference exists, and if so does not send
	// again. It costs one more request per message and closes the gap where
	// Notify accepted a message but the worker crashed before recording it.
	CheckReference bool
	Now            func() time.Time // time.Now if nil: the JWT's iat
}

// NewNotifySender returns a sender for the API key, with a client that
// gives up on a request after timeout.
func NewNotifySender(apiKey, baseURL string, timeout time.Duration) (*NotifySender, error) {
	k, err := ParseAPIKey(apiKey)
	if err != nil {
		return nil, err
	}
	if baseURL == "" {
		baseURL = DefaultNotifyURL
	}
	if u, err := url.Parse(baseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fault.New(fault.Invalid, "notify: base URL %q is not an http(s) URL", baseURL)
	}
	return &NotifySender{Key: k, BaseURL: strings.TrimRight(baseURL, "/"), Client: &http.Client{Timeout: timeout}}, nil
}

// notifyRequest is the body of POST /v2/notifications/{email,sms}.
type notifyRequest struct {
	EmailAddress    string            `json:"email_address,omitempty"`
	PhoneNumber     string            `json:"phone_number,omitempty"`
	TemplateID      string            `json:"template_id"`
	Personalisation map[string]string `json:"personalisation"`
	Reference       string            `json:"reference"`
	EmailReplyToID  string            `json:"email_reply_to_id,omitempty"`
	SMSSenderID     string            `json:"sms_sender_id,omitempty"`
}

// notifyErrors is Notify's error body.
type notifyErrors struct {
	StatusCode int `json:"status_code"`
	Errors     []struct {
		Error   string `json:"error"`
		Message string `json:"message"`
	} `json:"errors"`
}

// Send posts m to Notify. 400 and 403 are permanent; 429, 5xx and transport
// failures are retryable.
func (s *NotifySender) Send(ctx context.Context, m Message) error {
	req, err := s.request(m)
	if err != nil {
		return err
	}
	if s.CheckReference {
		sent, err := s.referenceExists(ctx, m)
		if err != nil || sent {
			return err
		}
	}
	body, _ := json.Marshal(req)
	_, err = s.do(ctx, http.MethodPost, "/v2/notifications/"+string(m.Channel), body)
	if err != nil {
		return fmt.Errorf("notify: message %s: %w", m.ID, err)
	}
	return nil
}

func (s *NotifySender) request(m Message) (notifyRequest, error) {
	if err := m.Validate(); err != nil {
		return notifyRequest{}, err
	}
	p := map[string]string{"subject": oneLine(m.Subject), "body": m.Body}
	for k, v := range m.Personalisation {
		p[k] = v
	}
	r := notifyRequest{TemplateID: m.TemplateID, Personalisation: p, Reference: m.ID}
	switch m.Channel {
	case Email:
		r.EmailAddress, r.EmailReplyToID = m.To, s.EmailReplyToID
		r.TemplateID = cmpOr(r.TemplateID, s.EmailTemplate)
	case SMS:
		r.PhoneNumber, r.SMSSenderID = m.To, s.SMSSenderID
		r.TemplateID = cmpOr(r.TemplateID, s.SMSTemplate)
	}
	if r.TemplateID == "" {
		return r, invalid("message %s: no Notify template for %s", m.ID, m.Channel)
	}
	return r, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// referenceExists asks GET /v2/notifications?reference=… whether m was sent.
func (s *NotifySender) referenceExists(ctx context.Context, m Message) (bool, error) {
	q := url.Values{"reference": {m.ID}, "template_type": {string(m.Channel)}}
	body, err := s.do(ctx, http.MethodGet, "/v2/notifications?"+q.Encode(), nil)
	if err != nil {
		return false, fmt.Errorf("notify: checking reference %s: %w", m.ID, err)
	}
	var list struct {
		Notifications []json.RawMessage `json:"notifications"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		return false, retryable(err, "reading notifications list")
	}
	return len(list.Notifications) > 0, nil
}

// do makes one authenticated request and turns a non-2xx reply into *Error.
func (s *NotifySender) do(ctx context.Context, method, path string, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, s.baseURL()+path, bytes.NewReader(body))
	if err != nil {
		return nil, invalid("building request: %v", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+s.Key.Token(s.now()))
	req.Header.Set("User-Agent", userAgent)
	resp, err := s.client().Do(req)
	if err != nil {
		return nil, retryable(err, method+" "+path)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, retryable(err, "reading response")
	}
	if resp.StatusCode/100 == 2 {
		return b, nil
	}
	return nil, s.statusError(resp, b)
}

func (s *NotifySender) statusError(resp *http.Response, body []byte) error {
	e := &Error{
		StatusCode: resp.StatusCode,
		Permanent:  httpPermanent(resp.StatusCode),
		RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), s.now()),
		kind:       httpKind(resp.StatusCode),
	}
	var ne notifyErrors
	if json.Unmarshal(body, &ne) == nil && len(ne.Errors) > 0 {
		e.Kind = ne.Errors[0].Error
		msgs := make([]string, len(ne.Errors))
		for i, x := range ne.Errors {
			msgs[i] = x.Message
		}
		e.Message = strings.Join(msgs, "; ")
	} else {
		e.Message = strings.TrimSpace(string(body[:min(len(body), 200)]))
	}
	return e
}

func (s *NotifySender) baseURL() string { return cmpOr(s.BaseURL, DefaultNotifyURL) }

func (s *NotifySender) client() *http.Client {
	if s.Client == nil {
		return &http.Client{Timeout: 30 * time.Second}
	}
	return s.Client
}

func (s *NotifySender) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

var _ Sender = (*NotifySender)(nil)
