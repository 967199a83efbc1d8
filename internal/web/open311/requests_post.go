package open311

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// created is the one element of a POST requests response.
type created struct {
	XMLName          xml.Name `xml:"request" json:"-"`
	ServiceRequestID string   `xml:"service_request_id,omitempty" json:"service_request_id,omitempty"`
	Token            string   `xml:"token,omitempty" json:"token,omitempty"`
	ServiceNotice    string   `xml:"service_notice" json:"service_notice"`
	AccountID        *string  `xml:"account_id" json:"account_id"`
}

// requestCreate answers POST requests.{fmt}: a case on the Open311 channel,
// made with the api_key's principal.
func (h *handler) requestCreate(w http.ResponseWriter, r *http.Request, format string) error {
	req, err := DecodeRequest(r.Header.Get("Content-Type"), r.Body)
	var de *DecodeError
	if errors.As(err, &de) {
		return errBadRequest(de.Messages...)
	}
	if err != nil {
		return err
	}
	p, err := h.writer(r, req)
	if err != nil {
		return err
	}
	d, ok := h.byCode(req.ServiceCode)
	if !ok {
		return errBadRequest("service_code " + req.ServiceCode + " not found")
	}
	if len(p.Services) > 0 && !slices.Contains(p.Services, d.ID) {
		return errForbidden("api_key may not create " + req.ServiceCode + " requests")
	}
	answers, notice, err := h.answers(r, d, req, p.UserID)
	if err != nil {
		return err
	}
	c, err := h.Cases.Submit(r.Context(), p, cases.Submission{
		ServiceID: d.ID, Answers: answers, Channel: cases.ChannelOpen311, IdempotencyKey: resendKey(p, req),
		Unasked: unasked(d),
	})
	if err != nil {
		return submitError(d, err)
	}
	if err := h.keepDescription(r, d, req, c); err != nil {
		return err
	}
	out := created{ServiceNotice: cmpOr(notice, "Your reference is "+c.Ref)}
	if serviceType(d) == "batch" {
		if out.Token, err = h.ticket(r, c.Ref); err != nil {
			return err
		}
	} else {
		out.ServiceRequestID = c.Ref
	}
	return writeList(w, format, http.StatusOK, "service_requests", []created{out})
}

// writer checks the api_key: present, valid, allowed to write, and the
// jurisdiction ours.
func (h *handler) writer(r *http.Request, req Request) (access.Principal, error) {
	// The jurisdiction first: a client configured for another council is
	// told so, whatever else is wrong with its request.
	if err := h.checkJurisdiction(req.JurisdictionID); err != nil {
		return access.Principal{}, err
	}
	if req.APIKey == "" {
		return access.Principal{}, errForbidden("api_key is required")
	}
	p, err := h.Tokens.TokenPrincipal(r.Context(), req.APIKey)
	if err != nil {
		return access.Principal{}, errForbidden("Invalid api_key")
	}
	if !p.Write {
		return access.Principal{}, errForbidden("api_key is read-only")
	}
	return p, nil
}

// answers decodes the request onto the definition's questions and stores any
// photos in its file questions, in order.
func (h *handler) answers(r *http.Request, d *service.Definition, req Request, actor string) (service.Answers, string, error) {
	answers, ferrs := d.DecodeAllAt(formOf(d, req), h.now())
	filled, notice, err := h.photos(r, d, req.Photos, answers, actor)
	if err != nil {
		return nil, "", err
	}
	var msgs []string
	skip := unasked(d)
	for _, fe := range ferrs {
		if isUnanswered(skip, answers, fe.Field) {
			continue // the case service accepts it and records the gap
		}
		if !slices.Contains(filled, fe.Field) {
			msgs = append(msgs, fieldName(d, fe.Field)+": "+fe.Message)
		}
	}
	if len(msgs) > 0 {
		return nil, "", errBadRequest(msgs...)
	}
	return answers, notice, nil
}

// keepDescription records the request's description as an internal note
// when the service has no question to hold it, so that nothing a client sent
// is lost. A resend finds the case already changed (version > 1) and adds
// no second note.
func (h *handler) keepDescription(r *http.Request, d *service.Definition, req Request, c cases.Case) error {
	text := describe(req)
	if rolesOf(d).description != nil || text == "" || c.Version > 1 {
		return nil
	}
	_, err := h.Cases.AddNote(r.Context(), access.System, c.Ref, "Sent through Open311:\n\n"+text, cases.Internal)
	return err
}

// submitError turns the case service's answer errors into Open311 400s.
func submitError(d *service.Definition, err error) error {
	var ve *service.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	msgs := make([]string, len(ve.Errors))
	for i, fe := range ve.Errors {
		msgs[i] = fieldName(d, fe.Field) + ": " + fe.Message
	}
	return errBadRequest(msgs...)
}

// resendKey makes FixMyStreet's resend of a report (same fixmystreet_id, same
// api_key) return the first case instead of making a second.
func resendKey(p access.Principal, req Request) string {
	if id := first(req.Attributes["fixmystreet_id"]); id != "" {
		return fmt.Sprintf("open311:%s:fms:%s", p.UserID, id)
	}
	return ""
}

// ticket stores a batch token for a case reference.
func (h *handler) ticket(r *http.Request, ref string) (string, error) {
	b := make([]byte, 12)
	rand.Read(b)
	tok := hex.EncodeToString(b)
	_, _, err := h.Tickets.SaveIdempotentRequest(r.Context(), tokenKey(tok), "", ref, h.now())
	return tok, err
}

func tokenKey(tok string) string { return "open311-token:" + tok }

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// isUnanswered reports whether field belongs to one of the unasked questions
// and the client sent nothing for it.
func isUnanswered(unasked []string, answers service.Answers, field string) bool {
	for _, id := range unasked {
		if field == id || strings.HasPrefix(field, id+"-") {
			return answers[id].IsEmpty()
		}
	}
	return false
}
