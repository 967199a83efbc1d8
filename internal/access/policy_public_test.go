package access

import (
	"testing"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// TestSeePublicIsTheSameForEveryone: the public version of a case is seen
// by everyone alike, the anonymous resident included, only for a case of a
// service publishing its reports and never for an OFFICIAL-SENSITIVE one.
func TestSeePublicIsTheSameForEveryone(t *testing.T) {
	staff := Principal{Kind: KindStaff, UserID: "u1", Teams: []string{"highways"}, MFA: true, Grants: []Grant{{Role: "officer", Team: "highways"}}}
	resident := Principal{Kind: KindResidentAccount, UserID: "r1", Email: "a@example.org"}
	for _, tc := range []struct {
		name string
		r    Resource
		want bool
	}{
		{"public report", Resource{ServiceID: "report-a-pothole", Team: "highways", Classification: service.Official, PublicReport: true}, true},
		{"sensitive case of a public service", Resource{ServiceID: "report-a-pothole", Team: "highways", Classification: service.OfficialSensitive, PublicReport: true}, false},
		{"service that does not publish", Resource{ServiceID: "complaint", Team: "highways", Classification: service.Official}, false},
		{"own request of a service that does not publish", Resource{ServiceID: "complaint", Team: "highways", Classification: service.Official, ApplicantEmail: "a@example.org", CreatedBy: "u1"}, false},
		{"photo of a report whose service publishes photos", photo(Photo{Published: true}, false), true},
		{"photo of a report whose service does not publish photos", photo(Photo{}, false), false},
		{"photo an officer hid", photo(Photo{Published: true, Hidden: true}, false), false},
		{"photo of a restricted person's report", photo(Photo{Published: true}, true), false},
		{"photo of a sensitive case", func() Resource {
			r := photo(Photo{Published: true}, false)
			r.Classification = service.OfficialSensitive
			return r
		}(), false},
	} {
		for _, p := range []Principal{Anonymous, staff, resident, System} {
			if got := Decide(p, ActionSeePublic, tc.r).Allow; got != tc.want {
				t.Errorf("%s, %s: %v, want %v", tc.name, p.Kind, got, tc.want)
			}
		}
	}
}

// photo is a photo of a public pothole report.
func photo(ph Photo, restricted bool) Resource {
	return Resource{ServiceID: "report-a-pothole", Team: "highways", Classification: service.Official,
		PublicReport: true, Restricted: restricted, Photo: &ph}
}
