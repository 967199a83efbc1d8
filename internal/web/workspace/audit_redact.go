package workspace

import (
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// withheld replaces the subject of an OFFICIAL-SENSITIVE entry.
const withheld = "withheld (OFFICIAL-SENSITIVE)"

// redact keeps the audit log from naming OFFICIAL-SENSITIVE cases to an
// auditor. The access policy lets auditors read such cases only of services
// that name the auditor role, with a second factor; these pages are stricter
// and withhold every one, as one rule needs no case lookups: an entry keeps
// who, what and when, but its subject and detail are withheld, and a search
// by subject never matches it (a match would confirm that the case exists).
// The chain itself is untouched in storage; `guildhall audit verify` checks it.
func redact(entries []audit.Entry, bySubject bool) []audit.Entry {
	out := entries[:0:0]
	for _, e := range entries {
		if e.Classification == string(service.OfficialSensitive) {
			if bySubject {
				continue
			}
			e.Subject, e.Detail = withheld, nil
		}
		out = append(out, e)
	}
	return out
}
