package frontdoor

import (
	"context"
	"net/http"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// findPrefix marks the "Find address" button's value: "find:<question id>".
const findPrefix = "find:"

// lookups holds what a page's searches found, by question: the addresses
// at an address question's postcode, the places of a location question's
// postcode or street.
type lookups struct {
	addresses map[string][]service.Address
	places    map[string][]people.Place
}

// findAddress answers the "Find address" button: the page again, with the
// addresses at the postcode to pick from (the rest of the form as typed).
func (h *handler) findAddress(w http.ResponseWriter, r *http.Request, def *service.Definition, page *service.Page,
	prior service.Answers, vals form, id string) error {
	found, errs, err := h.lookup(r.Context(), def.Lang(), id, vals.get(id+"-lookup"))
	if err != nil {
		return err
	}
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
	}
	return h.renderPage(w, r, status, def, page, prior, vals, errs, lookups{addresses: map[string][]service.Address{id: found}})
}

func (h *handler) lookup(ctx context.Context, l lang.Tag, id, postcode string) ([]service.Address, service.FieldErrors, error) {
	fail := func(msg string) ([]service.Address, service.FieldErrors, error) {
		return nil, service.FieldErrors{{Field: id + "-lookup", Message: web.Messages.Sprintf(l, msg)}}, nil
	}
	if h.Addresses == nil {
		return fail("Enter the address yourself")
	}
	if strings.TrimSpace(postcode) == "" {
		return fail("Enter a postcode")
	}
	pc, err := service.NormalisePostcode(postcode)
	if err != nil {
		return fail("Enter a real postcode, like SW1A 1AA")
	}
	found, err := h.Addresses.ByPostcode(ctx, pc)
	if err != nil {
		return nil, nil, err
	}
	if len(found) == 0 {
		return fail("We could not find any addresses at that postcode. Check it, or enter the address yourself")
	}
	return found, nil, nil
}

// applyPicks copies an address picked from a lookup into the address fields
// (with its UPRN), unless the resident typed one.
func (h *handler) applyPicks(ctx context.Context, page *service.Page, vals form) error {
	if h.Addresses == nil {
		return nil
	}
	for _, q := range page.Questions {
		pick := vals.get(q.ID + "-pick")
		if q.Type != service.TypeAddress || pick == "" || vals.get(q.ID+"-line1") != "" {
			continue
		}
		found, _, err := h.lookup(ctx, lang.English, q.ID, vals.get(q.ID+"-lookup")) // its messages are not shown
		if err != nil {
			return err
		}
		for _, a := range found {
			if a.UPRN == pick {
				set(vals, q.ID, "line1", a.Line1)
				set(vals, q.ID, "line2", a.Line2)
				set(vals, q.ID, "town", a.Town)
				set(vals, q.ID, "postcode", a.Postcode)
				set(vals, q.ID, "uprn", a.UPRN)
			}
		}
	}
	return nil
}

// addressChoices are the found addresses as radio options, by UPRN.
func addressChoices(found []service.Address) []web.Option {
	out := make([]web.Option, 0, len(found))
	for _, a := range found {
		out = append(out, web.Option{Value: a.UPRN, Label: strings.Join(nonEmpty(a.Line1, a.Line2, a.Town, a.Postcode), ", ")})
	}
	return out
}
