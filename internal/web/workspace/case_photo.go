package workspace

import (
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/cases"
)

// photoRow is one photo of a case on its page: where staff open it, what
// it is, whether the public sees it, and the hide or show form's action
// when the viewer may use it.
type photoRow struct {
	URL, Alt, Status, StatusColour string
	HideURL, ShowURL               string
}

// photoRows lays out the case's photos as the case service decided them.
func photoRows(ref string, a cases.CaseActions) []photoRow {
	out := make([]photoRow, 0, len(a.Photos))
	for _, p := range a.Photos {
		row := photoRow{URL: attachmentURL(ref, p.File.Key), Status: "Not published", StatusColour: "grey",
			Alt: "Photo from an update, " + formatTime(p.At)}
		if p.Question != "" {
			row.Alt = "Photo sent with the report, " + formatTime(p.At)
		}
		switch {
		case p.Public:
			row.Status, row.StatusColour = "Shown to the public", "turquoise"
		case p.Hidden:
			row.Status, row.StatusColour = "Hidden from the public", "orange"
		}
		if a.HidePhotos && p.Public {
			row.HideURL = photoURL(ref, p.File.Key) + "/hide"
		}
		if a.HidePhotos && p.Hidden {
			row.ShowURL = photoURL(ref, p.File.Key) + "/show"
		}
		out = append(out, row)
	}
	return out
}

func photoURL(ref, key string) string { return caseURL(ref) + "/photos/" + key }

// casePhotoHide hides a photo from the public (hide) or shows it again;
// the case service checks the officer may and audits it.
func (h *handler) casePhotoHide(hide bool) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		ref := r.PathValue("ref")
		if err := h.Cases.SetPhotoHidden(r.Context(), principal(r), ref, r.PathValue("key"), hide); err != nil {
			return err
		}
		done := "photo-shown"
		if hide {
			done = "photo-hidden"
		}
		http.Redirect(w, r, withDone(caseURL(ref), done)+"#photos", http.StatusSeeOther)
		return nil
	}
}
