// Package opendata turns what service definitions allow to be published
// into open data: datasets that follow the cases as they move (CSV with
// CSV on the Web metadata, JSON and GeoJSON), a catalogue others harvest
// (DCAT, and CKAN's Action API in internal/web/opendata), statistics with
// small counts suppressed, and the FOI disclosure log.
//
// Nothing personal leaves through it: only the fields a definition names are
// read, OFFICIAL-SENSITIVE services and cases are never published, and every
// free-text value passes through Redactor first. The package imports no
// database/sql and no net/http: internal/store implements Store.
package opendata
