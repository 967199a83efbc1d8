package frontdoor

import (
	"context"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// AddressLookup finds the addresses at a postcode, with their UPRNs, from a
// gazetteer (the council's LLPG or AddressBase). The people and property
// work implements it; without one, residents type addresses in full.
type AddressLookup interface {
	// ByPostcode returns the addresses at a normalised postcode ("SW1A 1AA"),
	// in the order to list them; none is not an error.
	ByPostcode(ctx context.Context, postcode string) ([]service.Address, error)
}

func errNoPages(id string) error {
	return fault.New(fault.NotFound, "service %s shows no pages", id)
}
