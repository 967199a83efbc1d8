package records_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
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

// The people of the space tests: a planning officer, a police partner on
// the approved domain, and an officer of another team.
var (
	planner = access.Principal{Kind: access.KindStaff, UserID: "u-pl", Name: "Pat Planner", Email: "plan@council.example", MFA: true, Teams: []string{"planning"},
		Grants: []access.Grant{{Role: "officer", Team: "planning"}}}
	sergeant = access.Principal{Kind: access.KindPartner, UserID: "u-sgt", Name: "Sam Sergeant", Email: "sgt@police.example.uk", MFA: true}
)

// TestSpacePages: a planning officer opens an OFFICIAL-SENSITIVE space
// with a police sergeant in it, is refused a member on an unapproved
// domain, leaves a note and files a document there; the sergeant finds the
// space, reads it and adds a note but may not invite or file; an officer of
// another team is told it does not exist; search links to it; and the
// opening, the member, the notes and every view are audited. The main text
// of each page is compared whole.
func TestSpacePages(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.client(planner)
		_, body := c.Get("/records/spaces")
		wantMain(t, "no spaces yet", body, "Spaces A space is where a team shares documents and notes with the people it names, partners from other organisations among them. "+
			"Open a space You are not in any space yet.")
		c.Get("/records/spaces/new")
		res, body := c.PostForm("/records/spaces", url.Values{"name": {"Licensing enforcement"}, "team": {"planning"}, "classification": {"OFFICIAL-SENSITIVE"},
			"members": {"sgt@police.example.uk\nowner@gmail.example"}})
		wantMain(t, "a member on an unapproved domain", body, "There is a problem owner@gmail.example is not on the council's domain or an approved partner domain: "+
			"an OFFICIAL-SENSITIVE space cannot include them Back Open a space Name of the space Team that owns it planning Classification OFFICIAL Members from any organisation "+
			"OFFICIAL-SENSITIVE Members only from the council and approved partner organisations, each with a second factor Members (optional) "+
			"Email addresses, one on each line. Your team can always open the space Error: owner@gmail.example is not on the council's domain or an approved partner domain: "+
			"an OFFICIAL-SENSITIVE space cannot include them sgt@police.example.uk owner@gmail.example Open space")
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a refused member: %d", res.StatusCode)
		}
		res, _ = c.PostForm("/records/spaces", url.Values{"name": {"Licensing enforcement"}, "team": {"planning"}, "classification": {"OFFICIAL-SENSITIVE"},
			"members": {"sgt@police.example.uk"}})
		space := res.Header.Get("Location")
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(space, "/records/spaces/") {
			t.Fatalf("opening the space: %d %q", res.StatusCode, space)
		}
		c.Get(space)
		webtest.Run(t, c, []webtest.Scenario{
			{Name: "a member on an unapproved domain", Method: "POST", URL: space + "/members", Form: url.Values{"email": {"pc@gmail.example"}}, Status: http.StatusUnprocessableEntity,
				Contains: []string{`<a href="#email">pc@gmail.example is not on the council&#39;s domain or an approved partner domain: an OFFICIAL-SENSITIVE space cannot include them</a>`}},
			{Name: "not an address", Method: "POST", URL: space + "/members", Form: url.Values{"email": {"inspector"}}, Status: http.StatusUnprocessableEntity,
				Contains: []string{"Enter an email address in the correct format, like name@example.gov.uk"}},
			{Name: "a second member", Method: "POST", URL: space + "/members", Form: url.Values{"email": {"Licensing@Council.example"}}, Status: http.StatusSeeOther, Location: space},
			{Name: "a member twice", Method: "POST", URL: space + "/members", Form: url.Values{"email": {"licensing@council.example"}}, Status: http.StatusConflict,
				Contains: []string{"licensing@council.example is already a member of this space"}},
			{Name: "an empty note", Method: "POST", URL: space + "/notes", Form: url.Values{"note": {" "}}, Status: http.StatusUnprocessableEntity, Contains: []string{`<a href="#note">Enter a note</a>`}},
			{Name: "a note", Method: "POST", URL: space + "/notes", Form: url.Values{"note": {"Joint visit to the Red Lion booked for Tuesday"}}, Status: http.StatusSeeOther, Location: space},
			{Name: "a document with no title", Method: "POST", URL: space + "/documents", Form: url.Values{"class": {"5.3.1"}},
				Files: []webtest.File{{Field: "file", Name: "schedule.txt", Body: []byte("Tuesday 10:00")}}, Status: http.StatusUnprocessableEntity, Contains: []string{`<a href="#title">Enter a title</a>`}},
			{Name: "a document", Method: "POST", URL: space + "/documents", Form: url.Values{"title": {"Visit schedule"}, "class": {"5.3.1"}},
				Files: []webtest.File{{Field: "file", Name: "schedule.txt", Body: []byte("Tuesday 10:00, the Red Lion")}}, Status: http.StatusSeeOther, Location: space},
		})
		_, body = c.Get(space)
		wantMain(t, "the space", body, "Back to spaces Space Licensing enforcement Classification OFFICIAL-SENSITIVE Owning team planning Opened 5 January 2033 by u-pl "+
			"Documents Title Class Changed Visit schedule 5.3.1 Routine correspondence 5 January 2033 "+
			"File a document in this space Title File plan class "+classOptions(e)+" File PDF, Word, OpenDocument, text, email (.eml), spreadsheet or a scan (PNG, JPEG), up to 50 MB File document "+
			"Notes Joint visit to the Red Lion booked for Tuesday Pat Planner, 5 January 2033 Add a note Add note "+
			"Members The planning team, and: licensing@council.example sgt@police.example.uk Add a member Email address Add member")

		e.Who.Add(sergeant)
		sc := e.client(sergeant)
		_, body = sc.Get("/records/spaces")
		wantMain(t, "the sergeant's spaces", body, "Spaces A space is where a team shares documents and notes with the people it names, partners from other organisations among them. "+
			"Spaces you can open Name Team Classification Members Opened Licensing enforcement planning OFFICIAL-SENSITIVE 2 5 January 2033")
		sc.Get(space) // for the form token
		webtest.Run(t, sc, []webtest.Scenario{
			{Name: "the sergeant adds a note", Method: "POST", URL: space + "/notes", Form: url.Values{"note": {"Licensee warned on Friday"}}, Status: http.StatusSeeOther, Location: space},
			{Name: "but may not invite", Method: "POST", URL: space + "/members", Form: url.Values{"email": {"pc@police.example.uk"}}, Status: http.StatusForbidden},
			{Name: "nor file", Method: "POST", URL: space + "/documents", Form: url.Values{"title": {"Warning letter"}, "class": {"5.3.1"}},
				Files: []webtest.File{{Field: "file", Name: "warning.txt", Body: []byte("Warned")}}, Status: http.StatusForbidden},
		})
		_, body = sc.Get(space)
		wantMain(t, "the space as the sergeant sees it", body, "Back to spaces Space Licensing enforcement Classification OFFICIAL-SENSITIVE Owning team planning Opened 5 January 2033 by u-pl "+
			"Documents Title Class Changed Visit schedule 5.3.1 Routine correspondence 5 January 2033 "+
			"Notes Licensee warned on Friday Sam Sergeant, 5 January 2033 Joint visit to the Red Lion booked for Tuesday Pat Planner, 5 January 2033 Add a note Add note "+
			"Members The planning team, and: licensing@council.example sgt@police.example.uk")

		pc := e.client(parks)
		pc.Get("/records/documents/new") // for the form token
		webtest.Run(t, pc, []webtest.Scenario{
			{Name: "another team is told it does not exist", URL: space, Status: http.StatusNotFound, NotContains: []string{"Licensing enforcement"}},
			{Name: "nor may they leave a note", Method: "POST", URL: space + "/notes", Form: url.Values{"note": {"Hello"}}, Status: http.StatusNotFound},
			{Name: "and their list is empty", URL: "/records/spaces", Status: http.StatusOK, Contains: []string{"You are not in any space yet."}},
		})
		webtest.Run(t, c, []webtest.Scenario{
			{Name: "search links to the space", URL: "/records/search?q=licensing&type=space", Status: http.StatusOK,
				Contains: []string{`<a class="govuk-link" href="` + space + `">`}},
		})

		entries, err := e.Store.AuditEntries(context.Background(), audit.Filter{Subject: "space:" + strings.TrimPrefix(space, "/records/spaces/"), Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, en := range entries {
			got = append(got, en.Actor+" "+strings.TrimPrefix(en.Action, "records.space."))
			if strings.Contains(string(en.Detail), "Red Lion") || strings.Contains(string(en.Detail), "Licensee") {
				t.Errorf("the audit entry %s holds a note's words: %s", en.Action, en.Detail)
			}
		}
		// Every page of the OFFICIAL-SENSITIVE space is a view, the pages that
		// answered a refused form too; a refusal to invite or file is not.
		want := "u-pl create, u-pl view, u-pl view, u-pl view, u-pl member, u-pl view, u-pl view, u-pl note, u-pl view, u-pl view, u-pl view, u-pl view, " +
			"u-sgt view, u-sgt note, u-sgt view, u-sgt view"
		if strings.Join(got, ", ") != want {
			t.Errorf("audit of the space:\n got: %s\nwant: %s", strings.Join(got, ", "), want)
		}
	}, partnerDomains)
}

// wantMain compares a page's main text, whole.
func wantMain(t *testing.T, name, body, want string) {
	t.Helper()
	if got := webtest.MainText(body); got != want {
		t.Errorf("%s:\n got: %s\nwant: %s", name, got, want)
	}
}

// classOptions is the file plan's leaf classes as the class list reads.
func classOptions(e *env) string {
	out := []string{"Choose a class"}
	for _, c := range e.Documents.Classes() {
		out = append(out, c.ID+" "+c.Path())
	}
	return strings.Join(out, " ")
}
