package open311

import (
	"cmp"
	"encoding/xml"
	"net/http"
	"slices"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// serviceItem is one entry of services.{fmt}.
type serviceItem struct {
	XMLName     xml.Name `xml:"service" json:"-"`
	ServiceCode string   `xml:"service_code" json:"service_code"`
	ServiceName string   `xml:"service_name" json:"service_name"`
	Description string   `xml:"description" json:"description"`
	Metadata    bool     `xml:"metadata" json:"metadata"`
	Type        string   `xml:"type" json:"type"`
	Keywords    string   `xml:"keywords" json:"keywords"`
	Group       string   `xml:"group" json:"group"`
}

// exposed lists the services whose definitions have an open311: block, by
// service code.
func (h *handler) exposed() []*service.Definition {
	var out []*service.Definition
	for _, d := range h.Services.Load().All() {
		if d.Open311 != nil {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b *service.Definition) int { return cmp.Compare(code(a), code(b)) })
	return out
}

// byCode finds an exposed service by its Open311 service code.
func (h *handler) byCode(c string) (*service.Definition, bool) {
	for _, d := range h.exposed() {
		if code(d) == c {
			return d, true
		}
	}
	return nil, false
}

func code(d *service.Definition) string { return cmp.Or(d.Open311.ServiceCode, d.ID) }

func serviceType(d *service.Definition) string { return cmp.Or(d.Open311.Type, "realtime") }

// serviceList answers GET services.{fmt}.
func (h *handler) serviceList(w http.ResponseWriter, r *http.Request, format string) error {
	if err := h.checkJurisdiction(r.URL.Query().Get("jurisdiction_id")); err != nil {
		return err
	}
	var out []serviceItem
	for _, d := range h.exposed() {
		out = append(out, serviceItem{
			ServiceCode: code(d), ServiceName: d.Name, Description: d.Summary,
			Metadata: len(attributes(d)) > 0, Type: serviceType(d),
			Keywords: strings.Join(d.Keywords, ","), Group: cmp.Or(d.Open311.Group, d.Category),
		})
	}
	return writeList(w, format, http.StatusOK, "services", out)
}

// definitionDoc is services/{code}.{fmt}.
type definitionDoc struct {
	XMLName     xml.Name    `xml:"service_definition" json:"-"`
	ServiceCode string      `xml:"service_code" json:"service_code"`
	Attributes  []attribute `xml:"attributes>attribute" json:"attributes"`
}

// serviceDefinition answers GET services/{code}.{fmt}.
func (h *handler) serviceDefinition(w http.ResponseWriter, r *http.Request, format, c string) error {
	if err := h.checkJurisdiction(r.URL.Query().Get("jurisdiction_id")); err != nil {
		return err
	}
	d, ok := h.byCode(c)
	if !ok {
		return errNotFound("service_code " + c + " not found")
	}
	attrs := attributes(d)
	if attrs == nil {
		attrs = []attribute{}
	}
	return writeObject(w, format, http.StatusOK, definitionDoc{ServiceCode: code(d), Attributes: attrs})
}

// checkJurisdiction accepts a missing jurisdiction_id (this endpoint serves
// one council) and refuses a different one.
func (h *handler) checkJurisdiction(j string) error {
	if j == "" || h.Jurisdiction == "" || j == h.Jurisdiction {
		return nil
	}
	return errNotFound("jurisdiction_id " + j + " not found")
}
