package open311

import (
	"encoding/xml"
	"errors"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// tokenItem is the answer to tokens/{token}.{fmt}.
type tokenItem struct {
	XMLName          xml.Name `xml:"request" json:"-"`
	ServiceRequestID string   `xml:"service_request_id" json:"service_request_id"`
	Token            string   `xml:"token" json:"token"`
}

// tokenGet answers GET tokens/{token}.{fmt} for batch services. Cases are
// made at once, so a known token always has its service_request_id.
func (h *handler) tokenGet(w http.ResponseWriter, r *http.Request, format, tok string) error {
	_, ref, err := h.Tickets.IdempotentRequest(r.Context(), tokenKey(tok))
	if errors.Is(err, fault.NotFound) {
		return errNotFound("token " + tok + " not found")
	}
	if err != nil {
		return err
	}
	return writeList(w, format, http.StatusOK, "service_requests", []tokenItem{{ServiceRequestID: ref, Token: tok}})
}
