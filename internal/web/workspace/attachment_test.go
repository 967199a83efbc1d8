package workspace_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web/webtest"
)

// TestAttachments: documents attached to the timeline are listed and stream
// from blob storage with the case's marking; a key that is not the case's
// own is 404, even when the blob exists (it belongs to another case).
func TestAttachments(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.Submit(access.Anonymous, "safeguarding", details("Concern"), cases.ChannelWeb)
		other := e.Submit(access.Anonymous, "pothole", details("Hole"), cases.ChannelWeb)
		body := []byte("%PDF-1.7 minutes of the strategy meeting")
		key, err := e.Blobs.PutBytes(ctx, body)
		if err != nil {
			t.Fatal(err)
		}
		f := service.FileRef{Key: key, Name: "strategy meeting.pdf", ContentType: "application/pdf", Size: int64(len(body))}
		if _, err := e.Cases.Attach(ctx, officerA, c.Ref, f); err != nil {
			t.Fatal(err)
		}
		otherKey, _ := e.Blobs.PutBytes(ctx, []byte("someone else's file"))
		if _, err := e.Cases.Attach(ctx, officerA, other.Ref, service.FileRef{Key: otherKey, Name: "other.txt", ContentType: "text/plain", Size: 19}); err != nil {
			t.Fatal(err)
		}
		base := "/workspace/cases/" + c.Ref
		webtest.Run(t, e.Client(officerA), []webtest.Scenario{
			{Name: "listed", URL: base, Status: 200, Contains: []string{"strategy meeting.pdf", "application/pdf", base + "/attachments/" + key, "Document added"}},
			{Name: "download", URL: base + "/attachments/" + key, Status: 200, Contains: []string{string(body)}, Header: map[string]string{
				"Content-Type": "application/pdf", "X-Classification": "OFFICIAL-SENSITIVE", "Content-Disposition": `attachment; filename="OFFICIAL-SENSITIVE strategy meeting.pdf"`,
				"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}},
			{Name: "another case's document through this case", URL: base + "/attachments/" + otherKey, Status: http.StatusNotFound, NotContains: []string{"someone else"}},
			{Name: "not a key", URL: base + "/attachments/..%2F..%2Fetc%2Fpasswd", Status: http.StatusNotFound},
		})
		webtest.Run(t, e.Client(officerB), []webtest.Scenario{
			{Name: "other team", URL: base + "/attachments/" + key, Status: http.StatusNotFound, NotContains: []string{"strategy", c.Ref}},
		})
	})
}
