package singleview

import (
	"net/http"
	"strconv"
)

// personExport downloads the subject access export of a person (a POST: it
// is written to the audit log). Only information governance officers with a
// second factor may; others get 404.
func (h *handler) personExport(w http.ResponseWriter, r *http.Request) error {
	id, err := personID(r)
	if err != nil {
		return err
	}
	exp, err := h.People.SubjectAccess(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/zip")
	hd.Set("Content-Disposition", `attachment; filename="`+exp.FileName+`"`)
	hd.Set("Content-Length", strconv.Itoa(len(exp.Zip)))
	hd.Set("Cache-Control", "no-store")
	_, err = w.Write(exp.Zip)
	return err
}
