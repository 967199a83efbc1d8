package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func newUser(id, email string) auth.User {
	return auth.User{ID: id, Email: email, Name: "Name " + id, Kind: access.KindStaff, Active: true, PasswordHash: "$argon2id$x",
		TOTPSecret: "v1:sealed", TOTPLastStep: 7, FailedAttempts: 2, LockedUntil: t0.Add(time.Minute), ExternalID: "ext-" + id,
		Grants: []access.Grant{{Role: "officer", Team: "roads"}}, SSOGroups: []string{"grp-a"},
		Attributes: json.RawMessage(`{"name":{"givenName":"A"}}`), CreatedAt: t0, UpdatedAt: t0}
}

// eachWithUser runs fn on SQLite and on PostgreSQL once the account u1
// (newUser, with email) exists, for the tests of what hangs off an account.
func eachWithUser(t *testing.T, email string, fn func(t *testing.T, ctx context.Context, s *store.Store)) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.CreateUser(ctx, newUser("u1", email)); err != nil {
			t.Fatal(err)
		}
		fn(t, ctx, s)
	})
}

func TestUsersRoundTripAndUniqueness(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := newUser("u1", "Ann.Example@Council.gov.uk")
		e := audit.Entry{At: t0, Actor: "admin", Action: "auth.user_created", Subject: "u1"}
		if err := s.CreateUser(ctx, u, e); err != nil {
			t.Fatal(err)
		}
		got, err := s.UserByEmail(ctx, "ann.example@council.gov.uk")
		if err != nil {
			t.Fatal(err)
		}
		got.Attributes = compact(t, got.Attributes)
		if !reflect.DeepEqual(got, u) {
			t.Errorf("round trip:\n got %+v\nwant %+v", got, u)
		}
		for name, dup := range map[string]auth.User{
			"email in another case": newUser("u2", "ANN.EXAMPLE@council.gov.uk"),
			"external id":           func() auth.User { d := newUser("u3", "b@c.d"); d.ExternalID = "ext-u1"; return d }(),
			"id":                    newUser("u1", "other@c.d"),
		} {
			if err := s.CreateUser(ctx, dup); !errors.Is(err, fault.Conflict) {
				t.Errorf("%s: %v, want Conflict", name, err)
			}
		}
		if _, err := s.UserByID(ctx, "nobody"); !errors.Is(err, fault.NotFound) {
			t.Errorf("UserByID(nobody) = %v", err)
		}
		if err := s.UpdateUser(ctx, newUser("nobody", "x@y.z")); !errors.Is(err, fault.NotFound) {
			t.Errorf("UpdateUser(nobody) = %v", err)
		}
		es, _ := s.AuditEntries(ctx, audit.Filter{})
		if len(es) != 1 || es[0].Action != "auth.user_created" {
			t.Errorf("audit entries = %+v", es)
		}
		// Two users without external ids do not collide.
		a, b := newUser("u4", "a@x.y"), newUser("u5", "b@x.y")
		a.ExternalID, b.ExternalID = "", ""
		if err := s.CreateUser(ctx, a); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateUser(ctx, b); err != nil {
			t.Errorf("second user without external id: %v", err)
		}
		us, total, err := s.Users(ctx, auth.UserQuery{Offset: 1, Limit: 1})
		if err != nil || total != 3 || len(us) != 1 || us[0].ID != "u1" {
			t.Errorf("Users page 2 = %v %d %v (ordered by email: a, ann, b)", ids(us), total, err)
		}
		if us, total, _ := s.Users(ctx, auth.UserQuery{ExternalID: "ext-u1"}); total != 1 || us[0].ID != "u1" {
			t.Errorf("by external id: %v", ids(us))
		}
		if n, _ := s.CountUsers(ctx); n != 3 {
			t.Errorf("CountUsers = %d", n)
		}
	})
}

func compact(t *testing.T, raw json.RawMessage) json.RawMessage {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(v)
	return b
}

func ids(us []auth.User) []string {
	var out []string
	for _, u := range us {
		out = append(out, u.ID)
	}
	return out
}

func TestDisableAndDeleteEndSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for _, id := range []string{"u1", "u2"} {
			u := newUser(id, id+"@x.y")
			if err := s.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			if err := s.CreateSession(ctx, auth.Session{Hash: "h-" + id, UserID: id, Complete: true, MFA: true, Method: "password", CreatedAt: t0, LastSeen: t0}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.DisableUser(ctx, "u1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionByHash(ctx, "h-u1"); !errors.Is(err, fault.NotFound) {
			t.Errorf("disabled user's session: %v", err)
		}
		if u, _ := s.UserByID(ctx, "u1"); u.Active {
			t.Error("still active")
		}
		if _, err := s.SessionByHash(ctx, "h-u2"); err != nil {
			t.Errorf("other user's session gone: %v", err)
		}
		g := auth.Group{ID: "g1", DisplayName: "Roads", Members: []string{"u2"}, CreatedAt: t0, UpdatedAt: t0}
		if err := s.CreateGroup(ctx, g); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteUser(ctx, "u2"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionByHash(ctx, "h-u2"); !errors.Is(err, fault.NotFound) {
			t.Errorf("deleted user's session: %v", err)
		}
		if g, _ := s.GroupByID(ctx, "g1"); len(g.Members) != 0 {
			t.Errorf("deleted user still a member: %v", g.Members)
		}
		if err := s.DeleteUser(ctx, "u2"); !errors.Is(err, fault.NotFound) {
			t.Errorf("second delete: %v", err)
		}
	})
}

func TestGroupsAndTeams(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for _, id := range []string{"u1", "u2"} {
			if err := s.CreateUser(ctx, newUser(id, id+"@x.y")); err != nil {
				t.Fatal(err)
			}
		}
		g := auth.Group{ID: "g1", DisplayName: "Highways Officers", ExternalID: "e1", Members: []string{"u1", "ghost"}, CreatedAt: t0, UpdatedAt: t0}
		if err := s.CreateGroup(ctx, g); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateGroup(ctx, auth.Group{ID: "g2", DisplayName: "HIGHWAYS officers", CreatedAt: t0, UpdatedAt: t0}); !errors.Is(err, fault.Conflict) {
			t.Errorf("duplicate display name: %v", err)
		}
		if u, _ := s.UserByID(ctx, "u1"); !reflect.DeepEqual(u.Groups, []string{"Highways Officers"}) {
			t.Errorf("u1 groups = %v", u.Groups)
		}
		g.Members, g.DisplayName = []string{"u2"}, "Roads"
		if err := s.UpdateGroup(ctx, g); err != nil {
			t.Fatal(err)
		}
		gs, total, err := s.Groups(ctx, auth.GroupQuery{DisplayName: "roads"})
		if err != nil || total != 1 || !reflect.DeepEqual(gs[0].Members, []string{"u2"}) {
			t.Errorf("Groups(roads) = %+v %d %v", gs, total, err)
		}
		if u, _ := s.UserByID(ctx, "u1"); len(u.Groups) != 0 {
			t.Errorf("u1 still in %v", u.Groups)
		}
		if err := s.DeleteGroup(ctx, "g1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GroupByID(ctx, "g1"); !errors.Is(err, fault.NotFound) {
			t.Errorf("deleted group: %v", err)
		}
		for _, tm := range []access.Team{{ID: "roads", Name: "Roads"}, {ID: "parks", Name: "Parks"}, {ID: "roads", Name: "Highways and roads"}} {
			if err := s.PutTeam(ctx, tm); err != nil {
				t.Fatal(err)
			}
		}
		if ts, _ := s.Teams(ctx); !reflect.DeepEqual(ts, []access.Team{{ID: "parks", Name: "Parks"}, {ID: "roads", Name: "Highways and roads"}}) {
			t.Errorf("Teams = %+v", ts)
		}
	})
}

// A sign-in that read the account before an administrator disabled it must
// not write it back as active, and an administrator's edit of an account read
// before a sign-in must not write back its counters: each writes its own columns.
func TestSignInWritesOnlyItsCounters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		read := newUser("u1", "u1@x.y")
		read.FailedAttempts, read.LockedUntil = 0, time.Time{}
		if err := s.CreateUser(ctx, read); err != nil {
			t.Fatal(err)
		}
		if err := s.DisableUser(ctx, "u1"); err != nil {
			t.Fatal(err)
		}
		if n, _, err := s.RecordFailure(ctx, "u1", t0, 5, time.Minute); err != nil || n != 1 {
			t.Fatalf("RecordFailure = %d, %v", n, err)
		}
		if err := s.UpdatePassword(ctx, "u1", "$argon2id$new"); err != nil {
			t.Fatal(err)
		}
		got, _ := s.UserByID(ctx, "u1")
		if got.Active || got.FailedAttempts != 1 || got.PasswordHash != "$argon2id$new" || len(got.Grants) != 1 {
			t.Errorf("after sign-in writes: active=%v failed=%d hash=%q grants=%v", got.Active, got.FailedAttempts, got.PasswordHash, got.Grants)
		}
		// An administrator's edit from the stale read keeps the new counters and password.
		read.Grants, read.Name, read.SSOGroups, read.TOTPLastStep = []access.Grant{{Role: "auditor", Team: "*"}}, "Renamed", []string{"g2"}, 0
		if err := s.UpdateUser(ctx, read); err != nil {
			t.Fatal(err)
		}
		if err := s.UpdateGrants(ctx, read); err != nil {
			t.Fatal(err)
		}
		if err := s.UpdateSSO(ctx, read); err != nil {
			t.Fatal(err)
		}
		got, _ = s.UserByID(ctx, "u1")
		if !got.Active || got.Name != "Renamed" || got.SSOGroups[0] != "g2" || got.Grants[0].Role != "auditor" ||
			got.PasswordHash != "$argon2id$new" || got.FailedAttempts != 1 || got.TOTPLastStep != 7 {
			t.Errorf("after profile, grant and SSO writes: %+v", got)
		}
		if _, _, err := s.RecordFailure(ctx, "ghost", t0, 5, time.Minute); !errors.Is(err, fault.NotFound) {
			t.Errorf("RecordFailure(ghost) = %v", err)
		}
	})
}
