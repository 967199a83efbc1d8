package singleview

import (
	"fmt"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// personPage is the data of the person template.
type personPage struct {
	ID                 int64
	Name               string
	Summary            []web.SummaryRow
	Cases              []caseRow
	Records            []recordRow
	Suggestions        []suggestionRow
	SplitURL, LinksURL string
	ExportURL          string
	Done               string
	// Restricted shows the restriction of processing notice; Withheld is
	// set when the viewer sees nothing but the notice.
	Restricted, Withheld bool
	Notice               string
}

// suggestionRow is a possible match with another person.
type suggestionRow struct {
	Mine, Other          recordRow
	OtherURL, OtherLabel string
	Probability          string
	Why                  []people.FieldWhy
}

// personView shows a person: golden record, cases, records, possible matches.
func (h *handler) personView(w http.ResponseWriter, r *http.Request) error {
	id, err := personID(r)
	if err != nil {
		return err
	}
	p := principal(r)
	v, err := h.People.Person(r.Context(), p, id)
	if err != nil {
		return err
	}
	base := personURL(id)
	if v.Restricted && len(v.Records) == 0 {
		return h.render.Render(w, r, http.StatusOK, "person", personPage{ID: id, Name: "Processing restricted",
			Restricted: true, Withheld: true, Notice: access.RestrictedReason})
	}
	data := personPage{ID: id, Name: v.Person.Name(), Summary: summary(v.Person), Cases: h.caseRows(v.Cases),
		Records: recordRows(v.Records), SplitURL: base + "/split", LinksURL: base + "/links", Done: doneMessage(r.URL.Query().Get("done")),
		Restricted: v.Restricted, Notice: access.RestrictedReason}
	if v.Restricted {
		data.SplitURL = "" // nobody may link or split a restricted person's records
	}
	if people.MaySubjectAccess(p) {
		data.ExportURL = base + "/subject-access"
	}
	for _, s := range v.Suggestions {
		mine, other := recordRows([]people.Record{s.Mine, s.Other})[0], recordRows([]people.Record{s.Other})[0]
		data.Suggestions = append(data.Suggestions, suggestionRow{Mine: mine, Other: other, OtherURL: personURL(s.OtherPerson),
			OtherLabel: fmt.Sprintf("person %d", s.OtherPerson), Probability: fmt.Sprintf("%.0f%%", 100*s.Probability), Why: s.Why})
	}
	return h.render.Render(w, r, http.StatusOK, "person", data)
}

func summary(p people.Person) []web.SummaryRow {
	rows := []web.SummaryRow{{Key: "Name", Value: p.Name()}}
	if p.DateOfBirth != "" {
		rows = append(rows, web.SummaryRow{Key: "Date of birth", Value: displayDate(p.DateOfBirth)})
	}
	if p.Email != "" {
		rows = append(rows, web.SummaryRow{Key: "Email", Value: p.Email})
	}
	if p.Phone != "" {
		rows = append(rows, web.SummaryRow{Key: "Phone", Value: p.Phone})
	}
	if !p.Address.IsEmpty() {
		rows = append(rows, web.SummaryRow{Key: "Address", Value: p.Address.String()})
	}
	if p.Address.UPRN != "" {
		rows = append(rows, web.SummaryRow{Key: "UPRN", Value: p.Address.UPRN})
	}
	return rows
}

func doneMessage(done string) string {
	switch done {
	case "split":
		return "The record will be separated from this person at the next linkage run, within a minute."
	case "same":
		return "The records will be joined at the next linkage run, within a minute."
	case "different":
		return "The records will be kept apart from now on."
	}
	return ""
}
