package cases

import (
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Audit actions written by the case service.
const (
	AuditSubmit     = "case.submit"
	AuditTransition = "case.transition"
	AuditAssign     = "case.assign"
	AuditNote       = "case.note"
	AuditOverdue    = "case.overdue"
	AuditView       = "case.view"
	AuditExport     = "case.export"
	AuditFind       = "case.find"
)

func actorOf(p access.Principal) string {
	if p.UserID != "" {
		return p.UserID
	}
	return string(p.Kind)
}

func caseEntry(at time.Time, actor, action string, c Case, detail map[string]any) audit.Entry {
	return audit.Entry{
		At: at, Actor: actor, Action: action, Subject: c.Ref,
		Classification: string(c.Classification), Detail: audit.Detail(detail),
	}
}

func accessEntry(at time.Time, p access.Principal, a access.Action, c Case) audit.Entry {
	action := AuditView
	switch a {
	case access.ActionExport:
		action = AuditExport
	case access.ActionFind:
		action = AuditFind
	}
	return caseEntry(at, actorOf(p), action, c, map[string]any{"service": c.ServiceID})
}

// searchDoc is what full-text search indexes: the reference, the service and
// every answer. Notes are appended as they are added.
func searchDoc(def *service.Definition, c Case) SearchDoc {
	var b strings.Builder
	b.WriteString(c.Ref + " " + strings.ReplaceAll(c.Ref, "-", "") + "\n")
	for _, p := range def.Pages {
		for _, q := range p.Questions {
			if a, ok := c.Answers[q.ID]; ok && !a.IsEmpty() {
				b.WriteString(a.String())
				b.WriteByte('\n')
			}
		}
	}
	return SearchDoc{Title: def.Name, Body: b.String()}
}
