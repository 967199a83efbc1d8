package cases_test

import (
	"context"
	"errors"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

func TestTrack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc, _ := newService(t, s)
		c := submitPothole(t, svc, "")
		if _, err := svc.AddNote(ctx, officer, c.Ref, "Crew booked", cases.Resident); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddNote(ctx, officer, c.Ref, "Internal only", cases.Internal); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name, ref, contact string
			ok                 bool
		}{
			{"email, any case", c.Ref, "ADA@example.org", true},
			{"phone, international", c.Ref, "+44 7700 900123", true},
			{"phone, 0044 with trunk zero", c.Ref, "0044 (0)7700-900-123", true},
			{"phone, not a number", c.Ref, "0044044", false},
			{"lower-case reference without dash", toLowerNoDash(c.Ref), "07700900123", true},
			{"wrong email", c.Ref, "eve@example.org", false},
			{"wrong phone", c.Ref, "07700 900999", false},
			{"empty contact", c.Ref, "", false},
			{"unknown reference", "ZZZZ-ZZZZ", "ada@example.org", false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, events, err := svc.Track(ctx, tt.ref, tt.contact)
				if !tt.ok {
					if !errors.Is(err, fault.NotFound) {
						t.Fatalf("err = %v, want NotFound", err)
					}
					return
				}
				if err != nil || got.Ref != c.Ref {
					t.Fatalf("Track = %s, %v", got.Ref, err)
				}
				if len(events) != 2 || events[1].Note != "Crew booked" || events[1].ActorName == officer.Name {
					t.Errorf("events = %+v; want submitted and the resident note, without the officer's name", events)
				}
			})
		}
	})
}

func toLowerNoDash(ref string) string {
	out := []rune{}
	for _, r := range ref {
		if r != '-' {
			out = append(out, r+('a'-'A')*boolInt(r >= 'A' && r <= 'Z'))
		}
	}
	return string(out)
}

func boolInt(b bool) rune {
	if b {
		return 1
	}
	return 0
}
