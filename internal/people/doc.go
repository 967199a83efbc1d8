// Package people keeps the council's person and property records and builds
// the single view of each: who someone is across every service, and what
// happened at a property.
//
// Source records come from cases (each applicant becomes record "case:<ref>",
// picked up by a periodic job with a watermark on case id) and from imports
// (a CSV with a declared column mapping). Properties come from a gazetteer
// (LLPG or AddressBase export) keyed by UPRN. Addresses typed by residents are
// normalised and matched to a UPRN within their postcode.
//
// Linkage (internal/linkage, Fellegi–Sunter with EM) runs in the background
// and assigns every record to a golden person; officers' must-link and
// cannot-link decisions are applied after clustering, so they win over the
// model and survive re-runs. Survivorship picks each golden field from the
// most trusted source, most recent first (see Trust).
//
// Every read of cases through the single view asks access.Decide: a case the
// caller may not find is left out without a trace. The package imports no
// database/sql and no net/http: Store is implemented in internal/store.
package people
