package cases_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/golden"
	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/notify/notifytest"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
)

// streetBy is a street report at a point, by a named reporter.
func streetBy(lat float64, name, email string) service.Answers {
	a := streetAt(lat, baseLng, "Market Place")
	a["full_name"], a["email"] = service.Answer{Text: name}, service.Answer{Text: email}
	return a
}

// TestMergeDuplicates: an officer closes a report as a duplicate of a
// nearby one (which the merge page suggests). The duplicate is closed in
// the platform's merged state, its reporter and followers follow the
// original (one already following it is not added or told twice), each
// is told once (golden files), both timelines and the audit log record
// it, and when the original is fixed every reporter and follower is told
// exactly once, the original's reporter (who also follows it) included.
func TestMergeDuplicates(t *testing.T) {
	storeEach(t, func(t *testing.T, s *store.Store) {
		p, nf := notifiedStreetPlatform(t, s)
		ctx := context.Background()
		orig := p.Submit(access.Anonymous, "street-report", streetBy(baseLat, "Ada Resident", "ada@example.org"), cases.ChannelWeb)
		dup := p.Submit(access.Anonymous, "street-report", streetBy(metresNorth(12), "Bo Resident", "bo@example.org"), cases.ChannelWeb)
		p.Submit(access.Anonymous, "street-report", streetBy(metresNorth(400), "Far Away", "far@example.org"), cases.ChannelWeb)
		follow(t, p.Cases, orig.Ref, "cy@example.org", "ADA@example.org")
		follow(t, p.Cases, dup.Ref, "07700 900 982", "cy@example.org")
		deliver(t, p, nf)

		found, err := p.Cases.MergeCandidates(ctx, streetOfficer, dup.Ref)
		if err != nil {
			t.Fatal(err)
		}
		if len(found) != 1 || found[0].Case.Ref != orig.Ref || found[0].Metres != 12 || found[0].Status != "Reported" {
			t.Fatalf("candidates: %+v", found)
		}
		m, err := p.Cases.Merge(ctx, streetOfficer, dup.Ref, cases.MergeRequest{Original: strings.ToLower(orig.Ref), Version: dup.Version})
		if err != nil {
			t.Fatal(err)
		}
		if m.Duplicate.State != service.StateMerged || m.Duplicate.ClosedAt == nil || m.Duplicate.DueAt != nil || m.Original.Version != orig.Version+1 {
			t.Errorf("after the merge: duplicate %s closed=%v due=%v, original version %d", m.Duplicate.State, m.Duplicate.ClosedAt != nil, m.Duplicate.DueAt, m.Original.Version)
		}
		fs, err := s.CaseFollowers(ctx, orig.ID)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(fs) != "[{email cy@example.org en} {email ada@example.org en} {email bo@example.org en} {sms 07700 900982 en}]" {
			t.Errorf("followers of the original: %v", fs)
		}
		checkMergeRecorded(t, s, dup, orig)
		merged := goldenMessages(t, deliver(t, p, nf), "merged", dup.Ref, orig.Ref)
		if fmt.Sprint(merged) != "[07700 900982 bo@example.org]" {
			t.Errorf("told of the merge (the duplicate's reporter and its follower, once each): %v", merged)
		}
		if _, err := p.Cases.Transition(ctx, streetOfficer, orig.Ref, "fix", nil, m.Original.Version); err != nil {
			t.Fatal(err)
		}
		fixed := goldenMessages(t, deliver(t, p, nf), "fixed", dup.Ref, orig.Ref)
		if fmt.Sprint(fixed) != "[07700 900982 ada@example.org bo@example.org cy@example.org]" {
			t.Errorf("told of the fix (every reporter and follower, once each): %v", fixed)
		}
	})
}

// follow makes each address a follower of report ref.
func follow(t *testing.T, svc *cases.Service, ref string, addrs ...string) {
	t.Helper()
	for _, a := range addrs {
		if _, err := svc.Follow(context.Background(), ref, a, lang.English); err != nil {
			t.Fatal(err)
		}
	}
}

// checkMergeRecorded: both timelines end with the merge (the duplicate's
// shown to its reporter, the original's to staff) and the audit log holds
// one entry for each case naming the other.
func checkMergeRecorded(t *testing.T, s *store.Store, dup, orig cases.Case) {
	t.Helper()
	ctx := context.Background()
	for _, want := range []struct {
		c    cases.Case
		line string
	}{
		{dup, fmt.Sprintf("merged %s u-streets Sol Streets resident %s", orig.Ref, service.StateMerged)},
		{orig, fmt.Sprintf("duplicate_merged %s u-streets Sol Streets internal ", dup.Ref)},
	} {
		es, err := s.CaseEvents(ctx, want.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		e := es[len(es)-1]
		if got := fmt.Sprintf("%s %s %s %s %s %s", e.Kind, e.Note, e.Actor, e.ActorName, e.Visibility, e.ToState); got != want.line {
			t.Errorf("last event of %s: %q, want %q", want.c.Ref, got, want.line)
		}
		entries, err := s.AuditEntries(ctx, audit.Filter{Subject: want.c.Ref, Action: cases.AuditMerge, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].Actor != "u-streets" {
			t.Errorf("audit of %s: %+v", want.c.Ref, entries)
		}
	}
}

// goldenMessages compares each message with its golden file under
// testdata/merge (named for the step and the recipient) and returns the
// recipients, sorted.
func goldenMessages(t *testing.T, got []notifytest.Notification, step, dupRef, origRef string) []string {
	t.Helper()
	var to []string
	for _, n := range got {
		addr := n.EmailAddress + n.PhoneNumber
		to = append(to, addr)
		text := fmt.Sprintf("To: %s\nSubject: %s\n\n%s\n", addr, n.Subject, n.Body)
		text = strings.NewReplacer(dupRef, "DUPLICATE", origRef, "ORIGINAL").Replace(text)
		text = feedbackToken.ReplaceAllString(text, "/feedback/TOKEN") // a fresh secret each run
		name := strings.NewReplacer("@", "-at-", " ", "").Replace(addr)
		golden.Check(t, filepath.Join("testdata", "merge", step+"-"+name+".txt"), text)
	}
	sort.Strings(to)
	return to
}

var feedbackToken = regexp.MustCompile(`/feedback/[A-Za-z0-9_-]+`)

// TestMergeRefusals: what cannot be merged is refused with the reason, and
// changes nothing: into itself, an unknown reference, a report of another
// service, a closed report (the end of a chain included); a duplicate
// already closed; an officer who may work the duplicate but not the
// original; an officer who may work neither. A chain A into B, then B into
// C, leaves A's reporter following C.
func TestMergeRefusals(t *testing.T) {
	storeEach(t, func(t *testing.T, s *store.Store) {
		p := streetPlatform(t, s)
		ctx := context.Background()
		a := p.Submit(access.Anonymous, "street-report", streetBy(baseLat, "Ada Resident", "ada@example.org"), cases.ChannelWeb)
		b := p.Submit(access.Anonymous, "street-report", streetBy(metresNorth(5), "Bo Resident", "bo@example.org"), cases.ChannelWeb)
		c := p.Submit(access.Anonymous, "street-report", streetBy(metresNorth(9), "Cy Resident", "cy@example.org"), cases.ChannelWeb)
		pothole := p.Submit(access.Anonymous, "report-a-pothole", potholeAnswers(), cases.ChannelWeb)
		both := streetOfficer
		both.Grants = append(append([]access.Grant(nil), both.Grants...), access.Grant{Role: "officer", Team: "highways"})
		both.Teams = access.TeamsOf(both.Grants)
		refused := func(who access.Principal, dup, orig, want string) {
			t.Helper()
			_, err := p.Cases.Merge(ctx, who, dup, cases.MergeRequest{Original: orig})
			var ve *service.ValidationError
			if !errors.As(err, &ve) || len(ve.Errors) != 1 || ve.Errors[0].Field != cases.MergeField || ve.Errors[0].Message != want {
				t.Errorf("merge %s into %q: %v, want %q", dup, orig, err, want)
			}
		}
		refused(streetOfficer, a.Ref, "", "Enter the reference of the report this one duplicates")
		refused(streetOfficer, a.Ref, a.Ref, "A report cannot be a duplicate of itself: enter the reference of another report")
		refused(streetOfficer, a.Ref, "ZZZZ-ZZZZ", "There is no report ZZZZ-ZZZZ that you can work on")
		refused(streetOfficer, a.Ref, pothole.Ref, "There is no report "+pothole.Ref+" that you can work on")
		refused(both, a.Ref, pothole.Ref, "Report "+pothole.Ref+" is not a report of Report a street problem: only reports of the same service can be merged")

		if _, err := p.Cases.Merge(ctx, streetOfficer, a.Ref, cases.MergeRequest{Original: b.Ref}); err != nil {
			t.Fatal(err)
		}
		if _, err := p.Cases.Merge(ctx, streetOfficer, a.Ref, cases.MergeRequest{Original: c.Ref}); !errors.Is(err, fault.Conflict) {
			t.Errorf("merging a duplicate already closed: %v", err)
		}
		refused(streetOfficer, c.Ref, a.Ref, "Report "+a.Ref+" is closed: choose an open report")
		if _, err := p.Cases.Merge(ctx, streetOfficer, b.Ref, cases.MergeRequest{Original: c.Ref}); err != nil {
			t.Fatalf("the chain's second link: %v", err)
		}
		fs, err := s.CaseFollowers(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(fs) != "[{email bo@example.org en} {email ada@example.org en}]" {
			t.Errorf("followers at the end of the chain: %v", fs)
		}

		d := p.Submit(access.Anonymous, "street-report", streetBy(baseLat, "Di Resident", "di@example.org"), cases.ChannelWeb)
		d = sendToTeam(t, s, d, "parks")
		parks := access.Principal{Kind: access.KindStaff, UserID: "u-parks", Teams: []string{"parks"},
			Grants: []access.Grant{{Role: "officer", Team: "parks"}}, MFA: true}
		refused(parks, d.Ref, c.Ref, "There is no report "+c.Ref+" that you can work on")
		stranger := access.Principal{Kind: access.KindStaff, UserID: "u-none", Teams: []string{"libraries"},
			Grants: []access.Grant{{Role: "officer", Team: "libraries"}}, MFA: true}
		if _, err := p.Cases.Merge(ctx, stranger, c.Ref, cases.MergeRequest{Original: d.Ref}); !errors.Is(err, fault.NotFound) {
			t.Errorf("an officer who may see neither: %v", err)
		}
		councillor := access.Principal{Kind: access.KindCouncillor, UserID: "cllr", Grants: []access.Grant{{Role: "officer", Team: "streets"}}, Teams: []string{"streets"}, MFA: true}
		if _, err := p.Cases.Merge(ctx, councillor, c.Ref, cases.MergeRequest{Original: d.Ref}); err == nil {
			t.Error("a councillor merged reports")
		}
		if got, _ := s.CaseByRef(ctx, c.Ref); got.ClosedAt != nil || got.Version != c.Version+1 {
			t.Errorf("c after refusals: closed=%v version %d (want %d: one merge into it)", got.ClosedAt != nil, got.Version, c.Version+1)
		}
	})
}

// sendToTeam moves a case to another team, as a transition with a team
// question would (the fixture has none).
func sendToTeam(t *testing.T, s *store.Store, c cases.Case, team string) cases.Case {
	t.Helper()
	moved := c
	moved.Team, moved.Version = team, c.Version+1
	if err := s.ApplyChanges(context.Background(), cases.Change{Case: moved, ExpectVersion: c.Version}); err != nil {
		t.Fatal(err)
	}
	return moved
}

// TestMergeAtTheSameMoment: officers merging the same report into two
// others at once, and two reports into each other at once: exactly one
// merge of each race is made, the others are refused, and the reporter is
// moved and told once.
func TestMergeAtTheSameMoment(t *testing.T) {
	storeEach(t, func(t *testing.T, s *store.Store) {
		p, nf := notifiedStreetPlatform(t, s)
		ctx := context.Background()
		a := p.Submit(access.Anonymous, "street-report", streetBy(baseLat, "Ada Resident", "ada@example.org"), cases.ChannelWeb)
		b := p.Submit(access.Anonymous, "street-report", streetBy(baseLat, "Bo Resident", "bo@example.org"), cases.ChannelWeb)
		c := p.Submit(access.Anonymous, "street-report", streetBy(baseLat, "Cy Resident", "cy@example.org"), cases.ChannelWeb)
		deliver(t, p, nf)
		race := func(pairs [][2]string) int {
			var wg sync.WaitGroup
			var mu sync.Mutex
			won := 0
			for i := 0; i < 12; i++ {
				pair := pairs[i%len(pairs)]
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := p.Cases.Merge(ctx, streetOfficer, pair[0], cases.MergeRequest{Original: pair[1]})
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err == nil:
						won++
					case !errors.Is(err, fault.Conflict) && !errors.Is(err, fault.Invalid):
						t.Errorf("merge %s into %s: %v", pair[0], pair[1], err)
					}
				}()
			}
			wg.Wait()
			return won
		}
		if n := race([][2]string{{a.Ref, b.Ref}, {a.Ref, c.Ref}}); n != 1 {
			t.Errorf("a into b or c at once: %d merges made", n)
		}
		var followers []string
		for _, o := range []cases.Case{b, c} {
			fs, err := s.CaseFollowers(ctx, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			followers = append(followers, fmt.Sprint(fs))
		}
		sort.Strings(followers)
		if fmt.Sprint(followers) != "[[] [{email ada@example.org en}]]" {
			t.Errorf("a's reporter follows exactly one: %v", followers)
		}
		if got := deliver(t, p, nf); len(got) != 1 || got[0].EmailAddress != "ada@example.org" {
			t.Errorf("told of the merge once: %+v", got)
		}
		if n := race([][2]string{{b.Ref, c.Ref}, {c.Ref, b.Ref}}); n != 1 {
			t.Errorf("b and c into each other at once: %d merges made", n)
		}
		open := 0
		for _, o := range []cases.Case{b, c} {
			got, err := s.CaseByRef(ctx, o.Ref)
			if err != nil {
				t.Fatal(err)
			}
			if got.ClosedAt == nil {
				open++
			}
		}
		if open != 1 {
			t.Errorf("of b and c, %d are open; want exactly 1", open)
		}
	})
}

// TestMergeMessagesInWelsh: a reporter who reported in Welsh and a
// follower who followed in Welsh are told of the merge in Welsh (golden
// files), and the original's English follower is told nothing new.
func TestMergeMessagesInWelsh(t *testing.T) {
	storeEach(t, func(t *testing.T, s *store.Store) {
		p, nf := notifiedStreetPlatform(t, s)
		ctx := context.Background()
		orig := p.Submit(access.Anonymous, "street-report", streetBy(baseLat, "Ada Resident", "ada@example.org"), cases.ChannelWeb)
		dup, err := p.Cases.Submit(ctx, access.Anonymous, cases.Submission{ServiceID: "street-report", Channel: cases.ChannelWeb,
			Lang: lang.Welsh, Answers: streetBy(metresNorth(12), "Gwen Jones", "gwen@example.org")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Cases.Follow(ctx, dup.Ref, "07700 900 983", lang.Welsh); err != nil {
			t.Fatal(err)
		}
		deliver(t, p, nf)
		if _, err := p.Cases.Merge(ctx, streetOfficer, dup.Ref, cases.MergeRequest{Original: orig.Ref, Version: dup.Version}); err != nil {
			t.Fatal(err)
		}
		if got := goldenMessages(t, deliver(t, p, nf), "merged-cy", dup.Ref, orig.Ref); fmt.Sprint(got) != "[07700 900983 gwen@example.org]" {
			t.Errorf("told of the merge: %v", got)
		}
	})
}
