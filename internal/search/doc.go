// Package search is the residents' one search box: public services, open
// data sets and pages, answers in the FOI disclosure log, and public reports
// near a postcode with their status. Everything it finds is already public:
// services open to the public, data and answers as published (redacted),
// and reports only as the access policy lets the anonymous resident see
// them (access.ActionSeePublic), place rounded and description redacted.
//
// Words are matched with the typo tolerance of the service search through a
// service.TextIndex over the published texts (never a case's answers), so a
// word found only in a private answer finds nothing. Reports are found by
// place, never by words: a postcode's middle from the gazetteer, then the
// public reports within walking distance, read from the map points' index.
package search
