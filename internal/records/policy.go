package records

import (
	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// mayManage asks the access policy whether p may manage retention: review
// the disposition list, approve disposal, place and release holds.
func mayManage(p access.Principal) error {
	if d := access.Decide(p, access.ActionManageRecords, access.Resource{}); !d.Allow {
		return fault.New(fault.Forbidden, "Only a records manager may do this")
	}
	return nil
}

// MayManage reports whether p may manage retention (see mayManage), for
// pages deciding which buttons to offer.
func MayManage(p access.Principal) bool { return mayManage(p) == nil }
