package frontdoor_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// gazetteer is a small hand-written AddressLookup: addresses by postcode.
type gazetteer map[string][]service.Address

func (g gazetteer) ByPostcode(_ context.Context, pc string) ([]service.Address, error) {
	return g[pc], nil
}

// TestAddressLookup: postcode, then pick an address (its UPRN is kept), or type one.
func TestAddressLookup(t *testing.T) {
	g := gazetteer{"SW1A 1AA": {
		{Line1: "10 Downing Street", Town: "London", Postcode: "SW1A 1AA", UPRN: "100023336956"},
		{Line1: "11 Downing Street", Town: "London", Postcode: "SW1A 1AA", UPRN: "100023336957"},
	}}
	e := newEnv(t, envOptions{formLimit: unlimited(), addresses: g})
	c := e.client(zeroPrincipal)
	page := "/services/missed-bin-collection/questions/address"
	webtest.Run(t, c, []webtest.Scenario{
		{Name: "page offers a postcode look-up", URL: page, Status: 200, Contains: []string{`name="address-lookup"`, "Find address", `name="address-line1"`}},
		{Name: "unknown postcode", Method: "POST", URL: page, Form: url.Values{"action": {"find:address"}, "address-lookup": {"ZZ1 1ZZ"}}, Status: 422,
			Contains: []string{"We could not find any addresses"}},
		{Name: "find", Method: "POST", URL: page, Form: url.Values{"action": {"find:address"}, "address-lookup": {"sw1a1aa"}}, Status: 200,
			Contains: []string{"10 Downing Street, London, SW1A 1AA", `name="address-pick"`, `value="100023336957"`}},
		{Name: "pick", Method: "POST", URL: page, Form: url.Values{"address-lookup": {"SW1A 1AA"}, "address-pick": {"100023336957"}}, Status: 303},
		{Name: "picked address kept with its UPRN", URL: page, Status: 200,
			Contains: []string{`value="11 Downing Street"`, `name="address-uprn" value="100023336957"`}},
	})
}
