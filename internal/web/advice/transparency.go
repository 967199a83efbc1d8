package advice

import (
	"fmt"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// transparencyGet explains to residents how the tools work, from the same
// record `guildhall ai atrs` prints.
func (h *handler) transparencyGet(w http.ResponseWriter, r *http.Request) error {
	if h.Transparency == nil {
		return fault.New(fault.NotFound, "no transparency record")
	}
	var page transparencyPage
	for _, f := range h.Transparency().Figures {
		page.Figures = append(page.Figures, figureView{Set: web.T(r, f.Set), Top1: percent(f.Top1), Top3: percent(f.Top3), DontKnow: percent(f.DontKnow)})
	}
	return h.public.Render(w, r, http.StatusOK, "ask_transparency", page)
}

type figureView struct{ Set, Top1, Top3, DontKnow string }

type transparencyPage struct{ Figures []figureView }

func percent(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) }

// transparencyRecord serves the record as Markdown to publish.
func (h *handler) transparencyRecord(w http.ResponseWriter, r *http.Request) error {
	if h.Transparency == nil {
		return fault.New(fault.NotFound, "no transparency record")
	}
	w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
	_, err := w.Write([]byte(h.Transparency().Markdown()))
	return err
}
