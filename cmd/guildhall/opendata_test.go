package main

import (
	"strings"
	"testing"
)

// TestServeOpenData: serve mounts the open data pages, files and CKAN API
// with the council's name, contact and smallest published count, and the
// performance page with the services and figures the council chose.
func TestServeOpenData(t *testing.T) {
	srv := startServe(t, map[string]string{
		"GUILDHALL_COUNCIL_NAME":         "Cambridge City Council",
		"GUILDHALL_OPENDATA_CONTACT":     "opendata@cambridge.gov.uk",
		"GUILDHALL_OPENDATA_MIN_COUNT":   "10",
		"GUILDHALL_PERFORMANCE_SERVICES": "foi-request",
		"GUILDHALL_PERFORMANCE_FIGURES":  "received",
	})
	for path, want := range map[string]string{
		"/open-data":                          "pothole-reports",
		"/open-data/pothole-reports.csv":      "reference,status,status_label,submitted_at",
		"/open-data/catalog.ttl":              "mailto:opendata@cambridge.gov.uk",
		"/api/3/action/organization_list":     `"result":["cambridge-city-council"]`,
		"/statistics/foi-requests":            `shown as “fewer than 10”`,
		"/disclosure-log":                     "Disclosure log",
		"/open-data/search?q=freedom+of+info": "Make a Freedom of Information (FOI) request",
		"/performance":                        `<h2 class="govuk-heading-l" id="foi-request">Make a Freedom of Information (FOI) request</h2>`,
		"/performance/foi-request.csv":        "month,received\n",
	} {
		st, body := get(t, srv.URL+path)
		if st != 200 || !strings.Contains(body, want) {
			t.Errorf("GET %s: %d, want %q in:\n%.600s", path, st, want, body)
		}
	}
}
