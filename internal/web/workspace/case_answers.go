package workspace

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// answerRows lists a case's answers in the order of the form, then any
// answers whose question the definition no longer has; file answers become
// links to the access-checked download.
func answerRows(def *service.Definition, c *cases.Case) ([]answerRow, []attachmentRow) {
	var rows []answerRow
	var files []attachmentRow
	seen := map[string]bool{}
	add := func(q *service.Question) {
		a, ok := c.Answers[q.ID]
		if !ok || a.IsEmpty() || seen[q.ID] {
			return
		}
		seen[q.ID] = true
		row := answerRow{Label: q.Label, Value: q.DisplayText(a)}
		if a.File != nil {
			row.FileURL = attachmentURL(c.Ref, a.File.Key)
			files = append(files, attachmentRow{Name: a.File.Name, Type: a.File.ContentType, Size: service.ByteSize(a.File.Size), URL: row.FileURL})
		}
		rows = append(rows, row)
	}
	if def != nil {
		for _, p := range def.Pages {
			for i := range p.Questions {
				add(&p.Questions[i])
			}
		}
	}
	rest := make([]string, 0)
	for id := range c.Answers {
		if !seen[id] {
			rest = append(rest, id)
		}
	}
	slices.Sort(rest)
	for _, id := range rest {
		add(&service.Question{ID: id, Label: id, Type: service.TypeText})
	}
	return rows, files
}

// attachedRows are the documents officers attached to the case's timeline.
func attachedRows(c *cases.Case, events []cases.Event) []attachmentRow {
	var out []attachmentRow
	for _, f := range attachedFiles(events) {
		out = append(out, attachmentRow{Name: f.Name, Type: f.ContentType, Size: service.ByteSize(f.Size), URL: attachmentURL(c.Ref, f.Key)})
	}
	return out
}

// attachedFiles are the files of a timeline's attachment events, and the
// photos sent with updates.
func attachedFiles(events []cases.Event) []*service.FileRef {
	var out []*service.FileRef
	for _, e := range events {
		if f := e.Fields[cases.AttachmentField].File; e.Kind == cases.EventAttachment && f != nil {
			out = append(out, f)
		}
		out = append(out, cases.EventPhotos(e)...)
	}
	return out
}

func attachmentURL(ref, key string) string {
	return caseURL(ref) + "/attachments/" + url.PathEscape(key)
}

// timeline writes events for people. Staff see every event; councillors see
// only what is also shown to the resident.
func (h *handler) timeline(def *service.Definition, ref string, events []cases.Event, staff bool, names, teams map[string]string) []eventRow {
	out := make([]eventRow, 0, len(events))
	for _, e := range events {
		if !staff && e.Kind != cases.EventSubmitted && !e.Visibility.ToResident() {
			continue
		}
		note := e.Note
		if e.Kind == cases.EventMerged || e.Kind == cases.EventDuplicateOut {
			note = "" // the reference it holds is in the title
		}
		out = append(out, eventRow{
			At: formatTime(e.At), Actor: actorName(e), Title: eventTitle(def, e, names), Note: note,
			ToResident: e.Kind == cases.EventNote && e.Visibility.ToResident(), Public: e.Visibility == cases.Public, Drafted: e.Drafted.Label(),
			Fields: fieldRows(def, e, teams), Photos: photoURLs(ref, e),
		})
	}
	return out
}

// photoURLs are where staff open the photos sent with an update.
func photoURLs(ref string, e cases.Event) []string {
	var out []string
	for _, f := range cases.EventPhotos(e) {
		out = append(out, attachmentURL(ref, f.Key))
	}
	return out
}

func actorName(e cases.Event) string {
	switch {
	case e.ActorName != "":
		return e.ActorName
	case e.Actor == "resident":
		return "the resident"
	}
	return e.Actor
}

func eventTitle(def *service.Definition, e cases.Event, names map[string]string) string {
	switch e.Kind {
	case cases.EventSubmitted:
		return "Received"
	case cases.EventTransitioned:
		return fmt.Sprintf("%s: %s to %s", transitionLabel(def, e.Transition), def.StateLabel(e.FromState), def.StateLabel(e.ToState))
	case cases.EventAssigned:
		if e.Assignee == "" {
			return "Unassigned"
		}
		return "Assigned to " + nameOf(names, e.Assignee)
	case cases.EventNote:
		return "Note"
	case cases.EventAttachment:
		return "Document added"
	case cases.EventOverdue:
		return "Became overdue"
	case cases.EventCorrected:
		if q, ok := def.Question(e.Fields["question"].Text); ok {
			return "Corrected: " + q.Label
		}
		return "Answer corrected"
	case cases.EventRefundRequested:
		return "Refund requested"
	case cases.EventRefunded:
		return "Refunded"
	case cases.EventRefundFailed:
		return "Refund not made"
	case cases.EventResidentUpdate:
		return "Update from the resident"
	case cases.EventPhotoHidden:
		return "Photo hidden from the public"
	case cases.EventPhotoShown:
		return "Photo shown to the public again"
	case cases.EventMerged:
		return "Closed as a duplicate of " + e.Note
	case cases.EventDuplicateOut:
		return "Case " + e.Note + " was closed as a duplicate of this one"
	}
	return string(e.Kind)
}

func transitionLabel(def *service.Definition, id string) string {
	if t, ok := def.Transition(id); ok {
		return t.Label
	}
	return id
}

// fieldRows are a transition's field answers, labelled from its definition.
func fieldRows(def *service.Definition, e cases.Event, teams map[string]string) []answerRow {
	// An update's fields are its photos, shown as photos.
	if len(e.Fields) == 0 || e.Kind == cases.EventResidentUpdate || e.Kind == cases.EventNote {
		return nil
	}
	if e.Kind == cases.EventCorrected {
		return []answerRow{{Label: "Was", Value: e.Fields["from"].String()}, {Label: "Now", Value: e.Fields["to"].String()}}
	}
	var qs []service.Question
	if t, ok := def.Transition(e.Transition); ok {
		qs = t.Fields
	}
	out := make([]answerRow, 0, len(e.Fields))
	for i := range qs {
		if a, ok := e.Fields[qs[i].ID]; ok && !a.IsEmpty() {
			value := qs[i].DisplayText(a)
			if qs[i].Type == service.TypeTeam && teams[a.Text] != "" {
				value = teams[a.Text] // a team by its name, as the form offered it
			}
			out = append(out, answerRow{Label: qs[i].Label, Value: value})
		}
	}
	if len(out) == 0 {
		for id, a := range e.Fields {
			out = append(out, answerRow{Label: id, Value: a.String()})
		}
		slices.SortFunc(out, func(a, b answerRow) int { return strings.Compare(a.Label, b.Label) })
	}
	return out
}
