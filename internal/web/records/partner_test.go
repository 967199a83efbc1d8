package records_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// TestPartnersSeeOnlyTheirSpaces: a signed-in partner lands on the
// documents of their spaces, sees nothing else, and is sent there from the
// staff pages; without a second factor, off the council's networks, they
// see nothing at all.
func TestPartnersSeeOnlyTheirSpaces(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		planner := access.Principal{Kind: access.KindStaff, UserID: "pl", Email: "plan@council.example", MFA: true, Teams: []string{"planning"}}
		space, err := e.Documents.CreateSpace(ctx, planner, records.Space{Name: "Licensing enforcement", Team: "planning", Classification: service.Official,
			Members: []string{"plan@council.example", "sgt@police.example"}})
		if err != nil {
			t.Fatal(err)
		}
		file := func(title string, space int64) {
			key, err := e.Blobs.PutBytes(ctx, []byte(title))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.Documents.Create(ctx, planner, records.NewDocument{Title: title, ClassID: "5.3.1", Classification: service.Official, Team: "planning",
				SpaceID: space, File: service.FileRef{Key: key, Name: "note.txt", ContentType: service.MIMEText, Size: int64(len(title))}}); err != nil {
				t.Fatal(err)
			}
		}
		file("Joint visit schedule", space)
		file("Planning committee minutes", 0)

		onNetwork := access.Principal{Kind: access.KindPartner, UserID: "sgt", Name: "Sam Sergeant", Email: "sgt@police.example", OnTrustedNetwork: true}
		offNetwork := access.Principal{Kind: access.KindPartner, UserID: "sgt-off", Name: "Sam Sergeant", Email: "sgt@police.example"}
		e.Who.Add(onNetwork)
		e.Who.Add(offNetwork)
		webtest.Run(t, e.client(onNetwork), []webtest.Scenario{
			{Name: "their space's documents only", URL: "/records/documents", Status: http.StatusOK,
				Contains: []string{"Joint visit schedule"}, NotContains: []string{"Planning committee minutes"}},
			{Name: "staff pages send them to their documents", URL: "/records/disposals", Status: http.StatusSeeOther, Location: "/records/documents"},
		})
		webtest.Run(t, e.client(offNetwork), []webtest.Scenario{
			{Name: "off the network without a second factor, nothing", URL: "/records/documents", Status: http.StatusOK,
				NotContains: []string{"Joint visit schedule", "Planning committee minutes"}},
		})
	})
}
