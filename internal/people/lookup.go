package people

import (
	"context"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// AddressLookup answers "postcode, then pick an address" from the gazetteer;
// it implements the front door's AddressLookup.
type AddressLookup struct{ Gazetteer Gazetteer }

// ByPostcode returns the current addresses at a postcode with their UPRNs.
// A postcode that is not one, or has no addresses, gives none.
func (l AddressLookup) ByPostcode(ctx context.Context, postcode string) ([]service.Address, error) {
	pc, ok := NormalisePostcode(postcode)
	if !ok {
		return nil, nil
	}
	props, err := l.Gazetteer.PropertiesByPostcode(ctx, pc)
	if err != nil {
		return nil, err
	}
	out := make([]service.Address, 0, len(props))
	for _, p := range props {
		a := p.Address()
		out = append(out, service.Address{Line1: a.Line1, Line2: a.Line2, Town: a.Town, Postcode: a.Postcode, UPRN: a.UPRN})
	}
	return out, nil
}
