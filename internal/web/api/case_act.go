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
	// Visibility is "internal" (default), "resident" or "public" (a public
	// report's update, told to its followers).
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
	case "", cases.Internal, cases.Resident, cases.Public:
	default:
		return fieldError("visibility", "visibility must be internal, resident or public")
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

// transitionJSON is a transition the token may apply now, with the
// questions its "fields" answer and, for a team question, the teams.
type transitionJSON struct {
	ID     string             `json:"id"`
	Label  string             `json:"label"`
	To     string             `json:"to"`
	Fields []service.Question `json:"fields"`
	Teams  []teamJSON         `json:"teams,omitempty"`
}

type teamJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// caseTransitions answers GET /api/v1/cases/{ref}/transitions: what the
// case service says this token may apply from the case's state (none for a
// read-only token), so a client need not work out the workflow's roles.
func (h *handler) caseTransitions(w http.ResponseWriter, r *http.Request) error {
	a, err := h.Cases.Actions(r.Context(), web.PrincipalFrom(r.Context()), r.PathValue("ref"))
	if err != nil {
		return err
	}
	out := []transitionJSON{}
	for _, t := range a.Transitions {
		tj := transitionJSON{ID: t.ID, Label: t.Label, To: t.To, Fields: t.Fields}
		if tj.Fields == nil {
			tj.Fields = []service.Question{}
		}
		for _, tm := range t.Teams {
			tj.Teams = append(tj.Teams, teamJSON{ID: tm.ID, Name: tm.Name})
		}
		out = append(out, tj)
	}
	return write(w, http.StatusOK, map[string]any{"state": a.Case.State, "version": a.Case.Version, "transitions": out})
}
