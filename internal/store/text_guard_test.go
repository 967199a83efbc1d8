package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// TestNULIsInvalidNotAnInternalError (a penetration test finding): PostgreSQL cannot store a
// NUL character (in TEXT or, escaped, in JSONB) nor bytes that are not
// UTF-8. On both dialects a write with one is fault.Invalid and a lookup by
// one finds nothing: never a driver error that becomes a 500.
func TestNULIsInvalidNotAnInternalError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		for name, err := range map[string]error{
			"draft answers (JSON) with a NUL": s.SaveDraft(ctx, "d-1", "sess", "report-a-pothole",
				service.Answers{"full_name": {Text: "Jane\x00Doe"}}),
			"account name with a NUL":  s.CreateUser(ctx, named(newUser("u-nul", "nul@council.gov.uk"), "Jane\x00")),
			"account name not UTF-8":   s.CreateUser(ctx, named(newUser("u-bad", "bad@council.gov.uk"), "Jane\xff")),
			"draft session with a NUL": s.SaveDraft(ctx, "d-2", "se\x00ss", "report-a-pothole", service.Answers{}),
		} {
			if !errors.Is(err, fault.Invalid) {
				t.Errorf("%s: %v, want fault.Invalid", name, err)
			}
		}
		if _, err := s.CaseByRef(ctx, "ABCD\x00EFGH"); !errors.Is(err, fault.NotFound) {
			t.Errorf("case by a reference with a NUL: %v, want fault.NotFound", err)
		}
		if _, err := s.UserByEmail(ctx, "jane\x00@council.gov.uk"); !errors.Is(err, fault.NotFound) {
			t.Errorf("account by an email with a NUL: %v, want fault.NotFound", err)
		}
		if _, _, _, err := s.LoadDraft(ctx, "se\x00ss", "report-a-pothole"); !errors.Is(err, fault.NotFound) {
			t.Errorf("draft by a session with a NUL: %v, want fault.NotFound", err)
		}
		// An escaped backslash before "u0000" is ordinary text.
		if err := s.SaveDraft(ctx, "d-3", "sess", "report-a-pothole", service.Answers{"x": {Text: `C:\u0000`}}); err != nil {
			t.Errorf(`a backslash then u0000: %v`, err)
		}
	})
}

func named(u auth.User, name string) auth.User {
	u.Name = name
	return u
}
