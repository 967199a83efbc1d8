package notifytest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/mail"
	"regexp"
	"strings"
	"time"
)

func (s *Server) clock() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now()
}

func (s *Server) takeFailure() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failNext > 0 {
		s.failNext--
		return true
	}
	return false
}

// allow applies the rate limit over a sliding window.
func (s *Server) allow() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rateLimit == 0 {
		return true
	}
	now := s.now()
	kept := s.requests[:0]
	for _, t := range s.requests {
		if now.Sub(t) < s.window {
			kept = append(kept, t)
		}
	}
	s.requests = kept
	if len(s.requests) >= s.rateLimit {
		return false
	}
	s.requests = append(s.requests, now)
	return true
}

func (s *Server) rateLimitMessage() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fmt.Sprintf("Exceeded rate limit for key type TEAM of %d requests per %d seconds",
		s.rateLimit, int(s.window.Seconds()))
}

// postBody is what a client may send; pointers tell missing from empty.
type postBody struct {
	EmailAddress    *string        `json:"email_address"`
	PhoneNumber     *string        `json:"phone_number"`
	TemplateID      *string        `json:"template_id"`
	Personalisation map[string]any `json:"personalisation"`
	Reference       string         `json:"reference"`
	EmailReplyToID  *string        `json:"email_reply_to_id"`
	SMSSenderID     *string        `json:"sms_sender_id"`
}

func (s *Server) postNotification(w http.ResponseWriter, r *http.Request, claims map[string]any) {
	typ := r.PathValue("type")
	if typ != "email" && typ != "sms" {
		writeJSON(w, 404, map[string]string{"result": "error", "message": "The requested URL was not found on the server."})
		return
	}
	var b postBody
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
		writeJSON(w, 400, errorBody(400, "BadRequestError", "Invalid JSON supplied in POST data"))
		return
	}
	if errs := validate(typ, b); len(errs) > 0 {
		writeJSON(w, 400, map[string]any{"status_code": 400, "errors": errs})
		return
	}
	n, status, msg := s.render(typ, b)
	if status != 0 {
		writeJSON(w, status, errorBody(status, "BadRequestError", msg))
		return
	}
	n.Claims, n.Header, n.CreatedAt = claims, r.Header.Clone(), s.clock()
	s.mu.Lock()
	s.sent = append(s.sent, n)
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, s.created(n))
}

// validate follows Notify's JSON schema messages: quotes stripped, field first.
func validate(typ string, b postBody) []map[string]string {
	var errs []string
	recipient, value := "email_address", b.EmailAddress
	if typ == "sms" {
		recipient, value = "phone_number", b.PhoneNumber
	}
	if value == nil {
		errs = append(errs, recipient+" is a required property")
	} else if msg := checkRecipient(typ, *value); msg != "" {
		errs = append(errs, recipient+" "+msg)
	}
	if b.TemplateID == nil {
		errs = append(errs, "template_id is a required property")
	} else if !uuidRE.MatchString(*b.TemplateID) {
		errs = append(errs, "template_id is not a valid UUID")
	}
	for field, v := range map[string]*string{"email_reply_to_id": b.EmailReplyToID, "sms_sender_id": b.SMSSenderID} {
		if v != nil && !uuidRE.MatchString(*v) {
			errs = append(errs, field+" is not a valid UUID")
		}
	}
	out := make([]map[string]string, len(errs))
	for i, e := range errs {
		out[i] = map[string]string{"error": "ValidationError", "message": e}
	}
	return out
}

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func checkRecipient(typ, v string) string {
	if typ == "email" {
		if a, err := mail.ParseAddress(v); err != nil || a.Address != strings.TrimSpace(v) || !strings.Contains(a.Address, ".") {
			return "Not a valid email address"
		}
		return ""
	}
	return checkUKMobile(v)
}

// checkUKMobile applies notifications-utils' UK mobile rules and messages.
func checkUKMobile(v string) string {
	digits := strings.Map(func(r rune) rune {
		if strings.ContainsRune(" ()-.\t", r) {
			return -1
		}
		return r
	}, v)
	digits = strings.TrimPrefix(digits, "+")
	if strings.Trim(digits, "0123456789") != "" {
		return "Must not contain letters or symbols"
	}
	for _, p := range []string{"0044", "44", "0"} {
		if strings.HasPrefix(digits, p) {
			digits = digits[len(p):]
			break
		}
	}
	switch {
	case !strings.HasPrefix(digits, "7"):
		return "Not a UK mobile number"
	case len(digits) > 10:
		return "Too many digits"
	case len(digits) < 10:
		return "Not enough digits"
	}
	return ""
}

// smsCharLimit is Notify's limit on a text message (6 parts of 153).
const smsCharLimit = 918

var placeholderRE = regexp.MustCompile(`\(\(([^()]+)\)\)`)

// render fills the template; a missing template or placeholder is a 400.
func (s *Server) render(typ string, b postBody) (Notification, int, string) {
	s.mu.Lock()
	t, ok := s.templates[*b.TemplateID]
	s.mu.Unlock()
	if !ok {
		return Notification{}, 400, "Template not found"
	}
	if t.Type != typ {
		return Notification{}, 400, fmt.Sprintf("%s template is not suitable for %s notification", t.Type, typ)
	}
	var missing []string
	fill := func(text string) string {
		return placeholderRE.ReplaceAllStringFunc(text, func(m string) string {
			key := placeholderRE.FindStringSubmatch(m)[1]
			v, ok := b.Personalisation[key]
			if !ok {
				missing = append(missing, key)
				return m
			}
			return fmt.Sprint(v)
		})
	}
	n := Notification{ID: newUUID(), Type: typ, TemplateID: t.ID, Personalisation: b.Personalisation,
		Reference: b.Reference, Subject: fill(t.Subject), Body: fill(t.Body)}
	if len(missing) > 0 {
		return Notification{}, 400, "Missing personalisation: " + strings.Join(missing, ", ")
	}
	if chars := len([]rune(n.Body)); typ == "sms" && chars > smsCharLimit {
		return Notification{}, 400, fmt.Sprintf("Text messages cannot be longer than %d characters. Your message is %d characters", smsCharLimit, chars)
	}
	if b.EmailAddress != nil {
		n.EmailAddress = *b.EmailAddress
	}
	if b.EmailReplyToID != nil {
		n.EmailReplyToID = *b.EmailReplyToID
	}
	if b.SMSSenderID != nil {
		n.SMSSenderID = *b.SMSSenderID
	}
	if b.PhoneNumber != nil {
		n.PhoneNumber = *b.PhoneNumber
	}
	return n, 0, ""
}

// created is the 201 body, shaped as Notify's.
func (s *Server) created(n Notification) map[string]any {
	content := map[string]any{"body": n.Body}
	if n.Type == "email" {
		content["subject"] = n.Subject
		content["from_email"] = "guildhall.test@notifications.service.gov.uk"
		content["one_click_unsubscribe_url"] = nil
	} else {
		content["from_number"] = "GOVUK"
	}
	var ref any
	if n.Reference != "" {
		ref = n.Reference
	}
	return map[string]any{
		"id":        n.ID,
		"reference": ref,
		"content":   content,
		"uri":       s.URL + "/v2/notifications/" + n.ID,
		"template": map[string]any{
			"id": n.TemplateID, "version": 1,
			"uri": fmt.Sprintf("%s/services/%s/templates/%s", s.URL, s.ServiceID, n.TemplateID),
		},
		"scheduled_for": nil,
	}
}

// listNotifications is GET /v2/notifications, filtered by reference and template_type.
func (s *Server) listNotifications(w http.ResponseWriter, r *http.Request, _ map[string]any) {
	ref, typ := r.URL.Query().Get("reference"), r.URL.Query().Get("template_type")
	list := []map[string]any{}
	for _, n := range s.Notifications() {
		if (ref != "" && n.Reference != ref) || (typ != "" && n.Type != typ) {
			continue
		}
		list = append(list, map[string]any{
			"id": n.ID, "reference": n.Reference, "type": n.Type, "status": "created",
			"email_address": nullable(n.EmailAddress), "phone_number": nullable(n.PhoneNumber),
			"template": map[string]any{"id": n.TemplateID, "version": 1, "uri": s.URL + "/v2/template/" + n.TemplateID},
			"body":     n.Body, "subject": nullable(n.Subject),
			"created_at": n.CreatedAt.UTC().Format("2006-01-02T15:04:05.000000Z"),
		})
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"notifications": list,
		"links":         map[string]string{"current": s.URL + r.URL.RequestURI()},
	})
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
