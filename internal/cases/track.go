package cases

import (
	"context"
	"strings"
	"unicode"

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
		if e.Visibility != Resident {
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
	p := NormalisePhone(contact)
	return p != "" && a.Phone != "" && NormalisePhone(a.Phone) == p
}

// NormalisePhone reduces a UK phone number to its national digits, so that
// "+44 7700 900123", "07700900123" and "07700 900 123" compare equal.
func NormalisePhone(s string) string {
	var d strings.Builder
	for _, r := range s {
		if unicode.IsDigit(r) {
			d.WriteRune(r)
		}
	}
	n := d.String()
	switch {
	case strings.HasPrefix(n, "0044"):
		n = "0" + n[4:]
	case strings.HasPrefix(n, "44") && len(n) == 12:
		n = "0" + n[2:]
	}
	return n
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
