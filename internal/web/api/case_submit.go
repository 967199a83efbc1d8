package api

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// submitBody is POST /api/v1/cases.
type submitBody struct {
	ServiceID string          `json:"service_id"`
	Answers   service.Answers `json:"answers"`
}

// caseSubmit answers POST /api/v1/cases. With an Idempotency-Key header a
// repeat returns the first case (201, Idempotent-Replayed: true) and never
// makes a second; the same key with a different body is 422.
func (h *handler) caseSubmit(w http.ResponseWriter, r *http.Request) error {
	var body submitBody
	if err := decode(r, &body); err != nil {
		if unsupported(w, r, err) {
			return nil
		}
		return err
	}
	if strings.TrimSpace(body.ServiceID) == "" {
		return fieldError("service_id", "Enter the service id")
	}
	p := web.PrincipalFrom(r.Context())
	key, err := idempotencyKey(r, p.UserID)
	if err != nil {
		return err
	}
	fp := fingerprint(body)
	if key != "" {
		if replayed, err := h.replay(w, r, key, fp); replayed || err != nil {
			return err
		}
	}
	// The key and fingerprint are stored in the case's own transaction.
	c, err := h.Cases.Submit(r.Context(), p, cases.Submission{
		ServiceID: body.ServiceID, Answers: body.Answers, Channel: cases.ChannelAPI, IdempotencyKey: key, Fingerprint: fp,
	})
	if err != nil {
		return err
	}
	if key != "" {
		if err := h.sameRequest(r, key, fp); err != nil {
			return err
		}
	}
	w.Header().Set("Location", "/api/v1/cases/"+c.Ref)
	return write(w, http.StatusCreated, toCaseJSON(c))
}

// replay answers a repeated key: the first case, or 422 if the body differs.
func (h *handler) replay(w http.ResponseWriter, r *http.Request, key, fp string) (bool, error) {
	storedFP, ref, err := h.Idempotency.IdempotentRequest(r.Context(), key)
	if errors.Is(err, fault.NotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if storedFP != fp {
		return true, keyReused()
	}
	c, err := h.Cases.Get(r.Context(), web.PrincipalFrom(r.Context()), ref)
	if err != nil {
		return true, err
	}
	w.Header().Set("Idempotent-Replayed", "true")
	w.Header().Set("Location", "/api/v1/cases/"+c.Ref)
	return true, write(w, http.StatusCreated, toCaseJSON(c))
}

// sameRequest checks, after a keyed submission, that the request stored
// under key is this one: a concurrent request with the same key and another
// body may have made the case first, and this one must then not be told it
// succeeded. A key with no stored fingerprint (kept before fingerprints were
// written with the case) is taken as the same request.
func (h *handler) sameRequest(r *http.Request, key, fp string) error {
	storedFP, _, err := h.Idempotency.IdempotentRequest(r.Context(), key)
	switch {
	case errors.Is(err, fault.NotFound):
		return nil
	case err != nil:
		return err
	case storedFP != fp:
		return keyReused()
	}
	return nil
}

// keyReused is a repeated Idempotency-Key with a different body: 422, as the
// IETF Idempotency-Key draft says.
func keyReused() error {
	return fieldError("Idempotency-Key", "This Idempotency-Key was used with a different request body")
}

// idempotencyKey scopes the client's key to the token, so that two clients
// choosing the same key never see each other's case.
func idempotencyKey(r *http.Request, who string) (string, error) {
	k := strings.TrimSpace(r.Header.Get("Idempotency-Key"))
	k = strings.Trim(k, `"`) // the draft sends it as a structured-field string
	if k == "" {
		return "", nil
	}
	if len(k) > 255 {
		return "", fieldError("Idempotency-Key", "Idempotency-Key must be 255 characters or fewer")
	}
	return "api:" + who + ":" + k, nil
}

// fingerprint identifies a request body independently of its formatting.
func fingerprint(b submitBody) string {
	canon, _ := json.Marshal(b) // map keys are sorted by encoding/json
	sum := sha256.Sum256(canon)
	return hex.EncodeToString(sum[:])
}

// fieldErrors is a fault.Invalid error with one message per field, which
// web.Error renders as 422 with an "errors" list.
type fieldErrors []web.FieldError

// Error lists the problems.
func (fe fieldErrors) Error() string {
	parts := make([]string, len(fe))
	for i, f := range fe {
		parts[i] = f.Field + ": " + f.Message
	}
	return strings.Join(parts, "; ")
}

// FieldErrors lists the problems for the problem body.
func (fe fieldErrors) FieldErrors() []web.FieldError { return fe }

// Unwrap makes errors.Is(err, fault.Invalid) hold.
func (fe fieldErrors) Unwrap() error { return fault.Invalid }

// PublicMessage is the list of field messages: written for the client.
func (fe fieldErrors) PublicMessage() string { return fe.Error() }

func fieldError(field, msg string) error { return fieldErrors{{Field: field, Message: msg}} }
