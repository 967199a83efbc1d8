package cases

import (
	"context"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// Track is "track my request": a resident gives the reference and the email
// address or phone number they gave, and sees the case with its
// resident-visible events only (no internal notes, no officers' names, no
// transition fields). A wrong contact is fault.NotFound, exactly as an
// unknown reference.
func (s *Service) Track(ctx context.Context, ref, contact string) (Case, []Event, error) {
	c, err := s.Store.CaseByRef(ctx, NormaliseRef(ref))
	if err != nil {
		return Case{}, nil, err
	}
	if !contactMatches(c.Applicant, contact) {
		return Case{}, nil, errNotFound(c.Ref)
	}
	all, err := s.Store.CaseEvents(ctx, c.ID)
	if err != nil {
		return Case{}, nil, err
	}
	var shown []Event
	for _, e := range all {
		if !e.Visibility.ToResident() {
			continue
		}
		e.Fields, e.Assignee = nil, ""
		if e.Actor != "resident" {
			e.Actor, e.ActorName = "council", "The council"
		}
		shown = append(shown, e)
	}
	c.Assignee, c.CreatedBy = "", ""
	return c, shown, nil
}

func contactMatches(a Applicant, contact string) bool {
	contact = strings.TrimSpace(contact)
	if contact == "" {
		return false
	}
	if strings.Contains(contact, "@") {
		return a.Email != "" && strings.EqualFold(strings.TrimSpace(a.Email), contact)
	}
	// The phone is compared in the one national form answers are stored in,
	// so "+44 7700 900123" finds a case given "07700 900123".
	p, err := service.NormalisePhone(contact)
	if err != nil || a.Phone == "" {
		return false
	}
	stored, err := service.NormalisePhone(a.Phone)
	return err == nil && stored == p
}

// DueDate returns the due date of the case with reference ref, and false
// when it has none. It reveals nothing else and checks no access: it is for
// the confirmation page of the session that has just submitted the case.
// Errors: fault.NotFound.
func (s *Service) DueDate(ctx context.Context, ref string) (workday.Date, bool, error) {
	c, err := s.Store.CaseByRef(ctx, NormaliseRef(ref))
	if err != nil {
		return workday.Date{}, false, err
	}
	d, ok := c.DueDate()
	return d, ok, nil
}
