// Package opendata is the public face of internal/opendata: the open data
// catalogue and its files (/open-data), the DCAT catalogue, CKAN's Action
// API (/api/3/action/) so that CKAN clients and harvesters read Guildhall
// unchanged, the statistics pages (/statistics), the FOI disclosure log
// (/disclosure-log) and one search over all of them.
//
// Every page and file is public and needs no sign-in: what reaches it has
// been chosen by a service definition and redacted by the domain.
package opendata
