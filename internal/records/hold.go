package records

import (
	"strings"
	"time"
)

// Hold target kinds: what a legal hold covers.
const (
	HoldCase     = "case"     // one case, by reference
	HoldDocument = "document" // one document, by id
	HoldService  = "service"  // every case of a service
	HoldClass    = "class"    // every document of a file plan class and its sub-classes
)

// HoldTarget is one thing a hold covers.
type HoldTarget struct {
	Kind   string
	Target string
}

// Hold stops every disposal it covers until released.
type Hold struct {
	ID int64
	HoldTarget
	Reason     string
	CreatedBy  string
	CreatedAt  time.Time
	ReleasedBy string
	ReleasedAt *time.Time
}

// Active reports whether the hold still stops disposal.
func (h Hold) Active() bool { return h.ReleasedAt == nil }

// targets are the hold targets that cover d: the record itself and its
// service, or its class and every class above it ("2.3.1" is under "2.3"
// and "2"), so a hold on a function holds all its activities.
func targets(d Due) []HoldTarget {
	if d.Kind == KindCase {
		return []HoldTarget{{HoldCase, d.Subject}, {HoldService, d.Scope}}
	}
	out := []HoldTarget{{HoldDocument, d.Subject}}
	class := d.Scope
	for class != "" {
		out = append(out, HoldTarget{HoldClass, class})
		i := strings.LastIndexByte(class, '.')
		if i < 0 {
			break
		}
		class = class[:i]
	}
	return out
}
