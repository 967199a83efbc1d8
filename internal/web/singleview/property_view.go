package singleview

import (
	"fmt"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// propertyPage is the data of the property template.
type propertyPage struct {
	UPRN        string
	Title       string
	InGazetteer bool
	Summary     []web.SummaryRow
	Cases       []caseRow
}

// propertyView shows a property and the cases at its UPRN the viewer may find.
func (h *handler) propertyView(w http.ResponseWriter, r *http.Request) error {
	v, err := h.People.Property(r.Context(), principal(r), r.PathValue("uprn"))
	if err != nil {
		return err
	}
	p := v.Property
	data := propertyPage{UPRN: p.UPRN, Title: "UPRN " + p.UPRN, InGazetteer: v.InGazetteer, Cases: h.caseRows(v.Cases)}
	if v.InGazetteer {
		data.Title = p.String()
		data.Summary = propertySummary(p)
	}
	return h.render.Render(w, r, http.StatusOK, "property", data)
}

func propertySummary(p people.Property) []web.SummaryRow {
	a := p.Address()
	rows := []web.SummaryRow{
		{Key: "Address", Lines: nonEmpty(a.Line1, a.Line2, p.Town, p.Postcode)},
		{Key: "UPRN", Value: p.UPRN},
	}
	if p.USRN != "" {
		rows = append(rows, web.SummaryRow{Key: "USRN", Value: p.USRN})
	}
	if p.ParentUPRN != "" {
		rows = append(rows, web.SummaryRow{Key: "Parent UPRN", Value: p.ParentUPRN})
	}
	rows = append(rows, web.SummaryRow{Key: "Logical status", Value: statusName(p.Status)})
	if p.X != 0 || p.Y != 0 {
		rows = append(rows, web.SummaryRow{Key: "Easting, northing", Value: fmt.Sprintf("%.0f, %.0f", p.X, p.Y)})
	}
	if p.Lat != 0 || p.Lon != 0 {
		rows = append(rows, web.SummaryRow{Key: "Latitude, longitude", Value: fmt.Sprintf("%.5f, %.5f", p.Lat, p.Lon)})
	}
	return rows
}

func statusName(s people.LogicalStatus) string {
	switch s {
	case people.StatusApproved:
		return "Approved (1)"
	case people.StatusAlternative:
		return "Alternative (3)"
	case people.StatusProvisional:
		return "Provisional (6)"
	case people.StatusHistorical:
		return "Historical (8)"
	}
	return fmt.Sprint(int(s))
}

func nonEmpty(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}
