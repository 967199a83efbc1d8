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
	// HoldPerson covers a person, named by one of their people record keys
	// ("case:K7QD-M2XH", "council-tax:10023"): every case, document and
	// people record linked to them in the single view when a disposal is
	// decided, so a record linked after the hold was placed is held too.
	HoldPerson = "person"
	// HoldSearch covers whatever the words of a saved search find, through
	// the one access-filtered search of cases and documents, when a
	// disposal is decided.
	HoldSearch = "search"
)

// HoldRecord is the kind of target a person hold gives a people record.
const HoldRecord = "record"

// dynamic reports whether a hold's coverage is worked out when a disposal
// is decided (a person's links, a search's matches) rather than named.
func dynamic(kind string) bool { return kind == HoldPerson || kind == HoldSearch }

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
		// A case is filed under its rule's class: a hold on the class, or
		// on a class above it, covers the case too.
		class, filed := strings.CutPrefix(d.Rule.Source, "class:")
		if !filed {
			class = ""
		}
		return append([]HoldTarget{{HoldCase, d.Subject}, {HoldService, d.Scope}}, classTargets(class)...)
	}
	return append([]HoldTarget{{HoldDocument, d.Subject}}, classTargets(d.Scope)...)
}

// classTargets are the class and every class above it.
func classTargets(class string) []HoldTarget {
	var out []HoldTarget
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
