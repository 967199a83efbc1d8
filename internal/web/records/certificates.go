package records

import (
	"net/http"
)

type certificatesPage struct {
	Certificates []certRow
}

type certRow struct {
	ID             int64
	What, At, Hash string
}

const certificateLimit = 200

func (h *handler) certificateList(w http.ResponseWriter, r *http.Request) error {
	certs, err := h.Records.Certificates(r.Context(), principal(r), certificateLimit)
	if err != nil {
		return err
	}
	p := &certificatesPage{}
	for _, c := range certs {
		p.Certificates = append(p.Certificates, certRow{ID: c.ID, What: c.Kind + " " + c.Subject, At: date(c.At), Hash: c.SHA256})
	}
	return h.render.Render(w, r, http.StatusOK, "certificates", p)
}

// certificateDownload sends a certificate as the JSON that was hashed, so
// anyone can check it against the audit log.
func (h *handler) certificateDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := h.Records.Certificate(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", `attachment; filename="disposal-certificate-`+itoa(c.ID)+`.json"`)
	_, err = w.Write(c.JSON)
	return err
}
