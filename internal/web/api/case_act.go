package api

import (
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// transitionBody is POST /api/v1/cases/{ref}/transitions.
type transitionBody struct {
	Transition string          `json:"transition"`
	Fields     service.Answers `json:"fields,omitempty"`
	// Version is the case version the client read; 0 skips the check.
	Version int `json:"version,omitempty"`
}

// caseTransition answers POST /api/v1/cases/{ref}/transitions. A stale
// version is 409.
func (h *handler) caseTransition(w http.ResponseWriter, r *http.Request) error {
	var body transitionBody
	if err := decode(r, &body); err != nil {
		if unsupported(w, r, err) {
			return nil
		}
		return err
	}
	if body.Transition == "" {
		return fieldError("transition", "Enter the transition id")
	}
	c, err := h.Cases.Transition(r.Context(), web.PrincipalFrom(r.Context()), r.PathValue("ref"), body.Transition, body.Fields, body.Version)
	if err != nil {
		return err
	}
	return write(w, http.StatusOK, toCaseJSON(c))
}

// noteBody is POST /api/v1/cases/{ref}/notes.
type noteBody struct {
	Text string `json:"text"`
	// Visibility is "internal" (default) or "resident".
	Visibility string `json:"visibility,omitempty"`
}

// caseNote answers POST /api/v1/cases/{ref}/notes.
func (h *handler) caseNote(w http.ResponseWriter, r *http.Request) error {
	var body noteBody
	if err := decode(r, &body); err != nil {
		if unsupported(w, r, err) {
			return nil
		}
		return err
	}
	vis := cases.Visibility(body.Visibility)
	switch vis {
	case "", cases.Internal, cases.Resident:
	default:
		return fieldError("visibility", "visibility must be internal or resident")
	}
	if body.Text == "" {
		return fieldError("text", "Enter the note")
	}
	ev, err := h.Cases.AddNote(r.Context(), web.PrincipalFrom(r.Context()), r.PathValue("ref"), body.Text, vis)
	if err != nil {
		return err
	}
	return write(w, http.StatusCreated, toEventJSON(ev))
}
