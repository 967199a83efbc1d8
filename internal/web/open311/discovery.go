package open311

import (
	"encoding/xml"
	"net/http"
	"strings"
	"time"
)

// discoveryDoc is discovery.{fmt}.
type discoveryDoc struct {
	XMLName    xml.Name   `xml:"discovery" json:"-"`
	Changeset  string     `xml:"changeset" json:"changeset"`
	Contact    string     `xml:"contact" json:"contact"`
	KeyService string     `xml:"key_service" json:"key_service"`
	Endpoints  []endpoint `xml:"endpoints>endpoint" json:"endpoints"`
}

type endpoint struct {
	Specification string   `xml:"specification" json:"specification"`
	URL           string   `xml:"url" json:"url"`
	Changeset     string   `xml:"changeset" json:"changeset"`
	Type          string   `xml:"type" json:"type"`
	Formats       []string `xml:"formats>format" json:"formats"`
}

// discovery answers GET discovery.{fmt}.
func (h *handler) discovery(w http.ResponseWriter, r *http.Request, format string) error {
	changed := h.Changeset
	if changed.IsZero() {
		changed = time.Unix(0, 0)
	}
	cs := changed.UTC().Format(time.RFC3339)
	return writeObject(w, format, http.StatusOK, discoveryDoc{
		Changeset: cs, Contact: h.Contact,
		KeyService: "API keys are issued by the council's Guildhall administrators (Admin > API tokens).",
		Endpoints: []endpoint{{
			Specification: "http://wiki.open311.org/GeoReport_v2",
			URL:           strings.TrimRight(h.BaseURL, "/") + "/open311/v2",
			Changeset:     cs, Type: "production",
			Formats: []string{"text/xml", "application/json"},
		}},
	})
}
