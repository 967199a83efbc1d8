package records

import (
	"bytes"
	"net/http"
	"strconv"
)

// documentBag sends the document as a zipped BagIt bag. It is built in
// memory first, so a refusal or failure is an error page, not half a zip.
func (h *handler) documentBag(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := h.Documents.Export(r.Context(), principal(r), id, &buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="document-`+strconv.FormatInt(id, 10)+`-bag.zip"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(buf.Bytes())
	return err
}
