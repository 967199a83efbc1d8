package security

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/notify/notifytest"
	"github.com/guildhall-platform/guildhall/test/internal/server"
)

// TestResidentReadsWhatTheCouncilWrote runs the real binary with a local
// GOV.UK Notify: the acknowledgement of a missed bin report carries no YAML
// block marker or source indentation, a note sent to the resident arrives as
// written (and an internal note never leaves), and a note cannot smuggle
// Notify ((placeholders)) into another field.
func TestResidentReadsWhatTheCouncilWrote(t *testing.T) {
	nf := notifytest.NewServer(t)
	dir := t.TempDir()
	srv, token := apiServe(t, server.StoreFlags(dir, ""), "officer@waste-services", server.NotifyFlags(nf)...)

	collected := time.Now().AddDate(0, 0, -2).Format(time.DateOnly)
	ref := submitJSON(t, srv.URL, token, fmt.Sprintf(`{
		"service_id": "missed-bin-collection", "answers": {
		"address": {"address": {"line1": "14 Station Road", "town": "Westbury", "postcode": "BA13 3JD"}},
		"bin_type": {"text": "general"}, "collection_date": {"text": %q}, "put_out": {"text": "yes"},
		"full_name": {"text": "Amira Khan"}, "contact_by": {"text": "email"}, "email": {"text": "amira.khan@example.com"}}}`, collected))
	ack := messagesWaitFor(t, nf, 1, srv)[0]
	if !strings.HasPrefix(ack.Body, "Thank you for telling us your bin was not emptied.\n\nYour reference is "+ref+".\n\nLeave the bin out.") ||
		strings.Contains(ack.Body, "\n ") || strings.Contains(ack.Body, "|") {
		t.Errorf("acknowledgement reads:\n%q", ack.Body)
	}

	note := func(text, vis string) {
		t.Helper()
		b, _ := json.Marshal(map[string]string{"text": text, "visibility": vis})
		if status, body, _ := apiDo(t, http.MethodPost, srv.URL+"/api/v1/cases/"+ref+"/notes", token, "application/json", strings.NewReader(string(b))); status != http.StatusCreated {
			t.Fatalf("note: %d %s", status, body)
		}
	}
	note("Crew short-staffed on Friday.", "internal")
	note("The crew will come back on Saturday morning. ((subject))", "resident")
	got := messagesWaitFor(t, nf, 2, srv)
	if len(got) != 2 {
		t.Fatalf("%d notifications, want the acknowledgement and one note", len(got))
	}
	n := got[1]
	want := "The crew will come back on Saturday morning. ((subject))\n\nYour reference is " + ref + ".\n"
	if n.EmailAddress != "amira.khan@example.com" || n.Subject != "An update on your missed bin report "+ref || n.Body != want {
		t.Errorf("note received by %s\nsubject %q\nbody %q\nwant body %q", n.EmailAddress, n.Subject, n.Body, want)
	}
	time.Sleep(time.Second)
	for _, m := range nf.Notifications() {
		if strings.Contains(m.Body, "short-staffed") {
			t.Errorf("an internal note reached the resident: %q", m.Body)
		}
	}
}

// messagesWaitFor waits until Notify has accepted n notifications (30 s at most).
func messagesWaitFor(t *testing.T, nf *notifytest.Server, n int, srv *server.Server) []notifytest.Notification {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for len(nf.Notifications()) < n && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	got := nf.Notifications()
	if len(got) < n {
		t.Fatalf("Notify received %d notifications, want %d\n%s", len(got), n, srv.Log())
	}
	return got
}
