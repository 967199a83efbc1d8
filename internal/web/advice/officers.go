package advice

import (
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// officersOnly keeps councillors out of the routing pages: routing is a
// council officer's decision, and the log names officers.
func officersOnly(f web.HandlerFunc) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if principal(r).Kind != access.KindStaff {
			return fault.New(fault.Forbidden, "council officers only")
		}
		return f(w, r)
	}
}
