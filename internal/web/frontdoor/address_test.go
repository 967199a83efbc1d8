package frontdoor_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/people"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// downingStreet puts properties in the platform's gazetteer, one at each
// number on Downing Street, SW1A 1AA, with UPRN 1000233369 and two digits
// of the number.
func downingStreet(t testing.TB, e *env, numbers ...int) {
	t.Helper()
	var props []people.Property
	for _, n := range numbers {
		props = append(props, people.Property{UPRN: fmt.Sprintf("1000233369%02d", n+46), PAO: people.Object{StartNumber: n},
			Street: "Downing Street", Town: "London", Postcode: "SW1A 1AA", Status: people.StatusApproved})
	}
	if err := e.Store.SaveProperties(context.Background(), props); err != nil {
		t.Fatal(err)
	}
}

// TestAddressLookup: postcode, then pick an address (its UPRN is kept), or type one.
func TestAddressLookup(t *testing.T) {
	e := newEnv(t)
	downingStreet(t, e, 10, 11)
	c := e.Client(zeroPrincipal)
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
