package cases_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/golden"
	"github.com/guildhall-platform/guildhall/internal/notify/notifytest"
	"github.com/guildhall-platform/guildhall/internal/store"
)

// TestFollowersToldOfEveryPublicUpdate: every follower of a public report
// is told once, by email or text, of each public update (golden files:
// following it, work starting, an officer's public update, the fix); the
// reporter hears what the service's own messages say (nothing of work
// starting, the note, the fix); an internal note tells nobody and a note to
// the reporter tells only the reporter. The public page shows the public update and not the others.
func TestFollowersToldOfEveryPublicUpdate(t *testing.T) {
	storeEach(t, func(t *testing.T, s *store.Store) {
		p, nf := notifiedStreetPlatform(t, s)
		ctx := context.Background()
		c := p.Submit(access.Anonymous, "street-report", streetAt(baseLat, baseLng, "Market Place"), cases.ChannelWeb)
		deliver(t, p, nf)
		follow(t, p.Cases, c.Ref, "bo@example.org", "07700900982")
		followersGolden(t, deliver(t, p, nf), "followed", c.Ref, "[07700 900982 bo@example.org]")

		c, err := p.Cases.Transition(ctx, streetOfficer, c.Ref, "start", nil, c.Version)
		if err != nil {
			t.Fatal(err)
		}
		followersGolden(t, deliver(t, p, nf), "started", c.Ref, "[07700 900982 bo@example.org]")

		if _, err := p.Cases.AddNote(ctx, streetOfficer, c.Ref, "Checked by the inspector; ask Mrs Patel", cases.Internal); err != nil {
			t.Fatal(err)
		}
		if got := deliver(t, p, nf); len(got) != 0 {
			t.Errorf("an internal note told %d people", len(got))
		}
		if _, err := p.Cases.AddNote(ctx, streetOfficer, c.Ref, "Thank you, Ada: we have your photo.", cases.Resident); err != nil {
			t.Fatal(err)
		}
		if got := recipients(deliver(t, p, nf)); fmt.Sprint(got) != "[ada@example.org]" {
			t.Errorf("a note to the reporter told %v", got)
		}
		if _, err := p.Cases.AddNote(ctx, streetOfficer, c.Ref, "The repair is booked for Tuesday.\nThe road will stay open.", cases.Public); err != nil {
			t.Fatal(err)
		}
		followersGolden(t, deliver(t, p, nf), "updated", c.Ref, "[07700 900982 ada@example.org bo@example.org]")

		c, err = p.Cases.Get(ctx, streetOfficer, c.Ref)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Cases.Transition(ctx, streetOfficer, c.Ref, "fix", nil, c.Version); err != nil {
			t.Fatal(err)
		}
		followersGolden(t, deliver(t, p, nf), "fixed", c.Ref, "[07700 900982 ada@example.org bo@example.org]")

		r, err := p.Cases.Report(ctx, c.Ref)
		if err != nil {
			t.Fatal(err)
		}
		var seen []string
		for _, u := range r.Updates {
			seen = append(seen, u.Status+": "+u.Note)
		}
		want := "[Reported:  In progress:  In progress: The repair is booked for Tuesday.\nThe road will stay open. Fixed: ]"
		if fmt.Sprint(seen) != want {
			t.Errorf("public page's updates:\n got %q\nwant %q", seen, want)
		}
	})
}

// followersGolden compares each message with its golden file under
// testdata/followers (named for the step and the recipient) and checks who
// was told, once each.
func followersGolden(t *testing.T, got []notifytest.Notification, step, ref, want string) {
	t.Helper()
	for _, n := range got {
		to := n.EmailAddress + n.PhoneNumber
		text := strings.ReplaceAll(fmt.Sprintf("To: %s\nSubject: %s\n\n%s\n", to, n.Subject, n.Body), ref, "REF")
		text = feedbackToken.ReplaceAllString(text, "/feedback/TOKEN")
		name := strings.NewReplacer("@", "-at-", " ", "").Replace(to)
		golden.Check(t, filepath.Join("testdata", "followers", step+"-"+name+".txt"), text)
	}
	if r := recipients(got); fmt.Sprint(r) != want {
		t.Errorf("%s: told %v, want %s, once each", step, r, want)
	}
}

// recipients are the addresses messages went to, sorted.
func recipients(got []notifytest.Notification) []string {
	var to []string
	for _, n := range got {
		to = append(to, n.EmailAddress+n.PhoneNumber)
	}
	sort.Strings(to)
	return to
}

// TestPublicUpdatesManyAtOnce: many officers' public updates and many
// identical state changes at the same moment. Each update written is told
// to each of the reporter and followers exactly once; an update refused as
// a conflict tells nobody; of the identical "start work" changes one is
// written and told once. A public update on a report that is not public is
// refused.
func TestPublicUpdatesManyAtOnce(t *testing.T) {
	storeEach(t, func(t *testing.T, s *store.Store) {
		p, nf := notifiedStreetPlatform(t, s)
		ctx := context.Background()
		c := p.Submit(access.Anonymous, "street-report", streetAt(baseLat, baseLng, "Market Place"), cases.ChannelWeb)
		follow(t, p.Cases, c.Ref, "bo@example.org", "cy@example.org", "07700900982")
		deliver(t, p, nf)

		const n = 16
		written := make(chan string, n)
		at(n, func(i int) error {
			text := fmt.Sprintf("Public update number %d.", i)
			_, err := p.Cases.AddNote(ctx, streetOfficer, c.Ref, text, cases.Public)
			if err == nil {
				written <- text
			}
			return err
		}, t)
		close(written)
		told := map[string]int{}
		for _, m := range deliver(t, p, nf) {
			told[m.EmailAddress+m.PhoneNumber+" "+updateText(m.Body)]++
		}
		want := map[string]int{}
		for text := range written {
			for _, to := range []string{"ada@example.org", "bo@example.org", "cy@example.org", "07700 900982"} { // ada by the service's note message
				want[to+" "+text] = 1
			}
		}
		if len(want) == 0 || fmt.Sprint(told) != fmt.Sprint(want) {
			t.Errorf("public updates told (%d written):\n got %v\nwant %v", len(want)/4, told, want)
		}

		c, err := p.Cases.Get(ctx, streetOfficer, c.Ref)
		if err != nil {
			t.Fatal(err)
		}
		started := 0
		var mu sync.Mutex
		at(n, func(int) error {
			_, err := p.Cases.Transition(ctx, streetOfficer, c.Ref, "start", nil, c.Version)
			if err == nil {
				mu.Lock()
				started++
				mu.Unlock()
			}
			return err
		}, t)
		if got := recipients(deliver(t, p, nf)); started != 1 || fmt.Sprint(got) != "[07700 900982 bo@example.org cy@example.org]" {
			t.Errorf("%d identical changes written, told %v", started, got)
		}

		pothole := p.Submit(access.Anonymous, "report-a-pothole", potholeAnswers(), cases.ChannelWeb)
		highways := streetOfficer
		highways.Grants = []access.Grant{{Role: "officer", Team: "highways"}}
		if _, err := p.Cases.AddNote(ctx, highways, pothole.Ref, "Public?", cases.Public); !errors.Is(err, fault.Invalid) {
			t.Errorf("a public update on a report that is not public: %v", err)
		}
	})
}

// at runs fn n times at once; an error other than a conflict (another
// change won) fails the test.
func at(n int, fn func(i int) error, t *testing.T) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- fn(i)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil && !errors.Is(err, fault.Conflict) {
			t.Error(err)
		}
	}
}

// updateText is the quoted update of a follower's message, or its status line.
func updateText(body string) string {
	if i := strings.Index(body, "Public update number"); i >= 0 {
		return body[i : i+strings.Index(body[i:], ".")+1]
	}
	return body
}
