package workspace

import (
	"errors"

	"github.com/guildhall-platform/guildhall/internal/web"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

func newHandler(srv *web.Server, deps Deps) (*handler, error) {
	if deps.Cases == nil {
		return nil, errors.New("workspace: Deps.Cases is required")
	}
	rd, err := newRenderer(srv)
	if err != nil {
		return nil, err
	}
	return &handler{Deps: deps, render: rd}, nil
}

// calendar is the bank-holiday calendar working days are counted with.
func (h *handler) calendar() *workday.Calendar {
	if h.Calendar != nil {
		return h.Calendar
	}
	return workday.Default()
}
