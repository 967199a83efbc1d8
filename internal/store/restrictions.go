package store

import "strings"

// unrestrictedCase is the SQL form, for queries that count or publish
// cases in bulk (open data, statistics), of what access.Decide answers for
// restricted data under access.ActionPublish: never. It holds for a case
// (table or alias prefix p, "c." or "cases.") unless its people record is
// under a restriction of processing (UK GDPR Art. 18). The request that
// asked for the restriction is the exception: answering it is the
// council's legal obligation, and it is counted like every other request.
// people_restrictions is keyed by record key, so this is one index probe
// per case.
func unrestrictedCase(p string) string {
	return "NOT " + restrictedCase(p)
}

// restrictedCase is true for a case whose person's processing is
// restricted (the request that asked for it excepted, as above).
func restrictedCase(p string) string {
	return strings.ReplaceAll(restrictedCases, "cases.", p)
}

// restrictedCases is restrictedCase of the cases table, a constant so that
// caseColumns can carry it: every case the store reads says whether it is
// restricted (cases.Case.Restricted), for the access policy to read.
const restrictedCases = "EXISTS (SELECT 1 FROM people_restrictions pr WHERE pr.record_key = 'case:' || cases.ref AND pr.request_ref <> cases.ref)"
