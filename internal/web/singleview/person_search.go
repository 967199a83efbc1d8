package singleview

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// searchPage is the data of the people template.
type searchPage struct {
	Name, Postcode web.Field
	DOB            web.Field
	Searched       bool
	Results        []resultRow
	Errors         []web.FieldError
}

// resultRow is one person found.
type resultRow struct {
	URL, Name, DateOfBirth, Address string
	Cases                           int
}

// FieldErrors lists the search's problems for the error summary.
func (p searchPage) FieldErrors() []web.FieldError { return p.Errors }

// personSearch finds people by name, date of birth and postcode.
func (h *handler) personSearch(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	data := searchPage{
		Name:     web.Field{ID: "name", Label: "Name", Hint: "Family name, or given and family name", Value: v.Get("name"), Autocomplete: "off", NoSpellcheck: true},
		DOB:      web.Field{ID: "dob", Label: "Date of birth", Hint: "For example, 27 3 1980", Date: web.DateParts{Day: v.Get("dob-day"), Month: v.Get("dob-month"), Year: v.Get("dob-year")}},
		Postcode: web.Field{ID: "postcode", Label: "Postcode", Value: v.Get("postcode"), Width: "10", Autocomplete: "off", NoSpellcheck: true},
	}
	if !anySet(v, "name", "dob-day", "dob-month", "dob-year", "postcode") {
		return h.render.Render(w, r, http.StatusOK, "people", data)
	}
	dob, err := parseDate(data.DOB.Date)
	if err != nil {
		data.DOB.Error = fault.Public(err)
		data.Errors = append(data.Errors, web.FieldError{Field: "dob-day", Message: data.DOB.Error})
		return h.render.Render(w, r, http.StatusUnprocessableEntity, "people", data)
	}
	found, err := h.People.Search(r.Context(), principal(r), people.SearchQuery{Name: data.Name.Value, DateOfBirth: dob, Postcode: data.Postcode.Value})
	if errors.Is(err, fault.Invalid) {
		msg, field := searchProblem(err)
		data.Errors = append(data.Errors, web.FieldError{Field: field, Message: msg})
		if field == "postcode" {
			data.Postcode.Error = msg
		}
		return h.render.Render(w, r, http.StatusUnprocessableEntity, "people", data)
	}
	if err != nil {
		return err
	}
	data.Searched = true
	for _, f := range found {
		if f.Restricted && f.Person.Name() == "" {
			data.Results = append(data.Results, resultRow{URL: personURL(f.ID), Name: "Processing restricted"})
			continue
		}
		data.Results = append(data.Results, resultRow{URL: personURL(f.ID), Name: f.Person.Name(),
			DateOfBirth: displayDate(f.Person.DateOfBirth), Address: f.Person.Address.String(), Cases: f.Cases})
	}
	return h.render.Render(w, r, http.StatusOK, "people", data)
}

func anySet(v url.Values, keys ...string) bool {
	for _, k := range keys {
		if strings.TrimSpace(v.Get(k)) != "" {
			return true
		}
	}
	return false
}

func searchProblem(err error) (msg, field string) {
	if strings.Contains(fault.Public(err), "postcode") {
		return "Enter a real postcode, like WV1 2AB", "postcode"
	}
	return "Enter a name, a date of birth or a postcode", "name"
}

// parseDate reads day, month and year boxes; all empty is no date.
func parseDate(d web.DateParts) (string, error) {
	t, given, ok := d.Date()
	switch {
	case !given:
		return "", nil
	case !ok || t.Year() < 1900:
		return "", fault.New(fault.Invalid, "Date of birth must be a real date, like 27 3 1980")
	}
	return t.Format(time.DateOnly), nil
}

// displayDate writes YYYY-MM-DD as "14 March 1962".
func displayDate(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return t.Format("2 January 2006")
}
