package store

import (
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
)

// addRecordScope narrows a search of documents (alias "d", spaceCol
// "d.space_id") or of spaces (alias "sp", spaceCol "sp.id", always in a
// space) to the rows a access.RecordScope lets through, so that a bounded
// search reads the newest rows its reader may find and no others.
func addRecordScope(w *where, a access.RecordScope, alias, spaceCol string) {
	switch {
	case a.All:
		return
	case a.None:
		w.add("1 = 0")
		return
	}
	if a.OfficialOnly {
		w.add(alias+".classification = ?", "OFFICIAL")
	}
	var alts []string
	var args []any
	if a.OpenOfficial && spaceCol != alias+".id" {
		alts = append(alts, "("+alias+".classification = 'OFFICIAL' AND "+spaceCol+" IS NULL)")
	}
	if len(a.Teams) > 0 {
		alts = append(alts, alias+".team IN ("+placeholders(len(a.Teams))+")")
		args = append(args, anys(a.Teams)...)
	}
	if a.CreatedBy != "" {
		alts = append(alts, alias+".created_by = ?")
		args = append(args, a.CreatedBy)
	}
	if a.MemberEmail != "" {
		alts = append(alts, spaceCol+" IN (SELECT space_id FROM record_space_members WHERE email = ?)")
		args = append(args, a.MemberEmail)
	}
	if len(alts) == 0 {
		w.add("1 = 0")
		return
	}
	w.add("("+strings.Join(alts, " OR ")+")", args...)
}
