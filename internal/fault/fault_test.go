package fault

import (
	"errors"
	"fmt"
	"testing"
)

func TestKinds(t *testing.T) {
	base := errors.New("row missing")
	tests := []struct {
		name string
		err  error
		want *Kind
	}{
		{"new", New(NotFound, "case %s", "ABC"), NotFound},
		{"wrap", Wrap(Conflict, base, "save"), Conflict},
		{"wrapped again", fmt.Errorf("outer: %w", New(Forbidden, "no")), Forbidden},
		{"plain", base, nil},
		{"nil kind", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := KindOf(tt.err); got != tt.want {
				t.Fatalf("KindOf = %v, want %v", got, tt.want)
			}
		})
	}
	if err := Wrap(Invalid, base, "parse"); !errors.Is(err, base) || err.Error() != "parse: row missing" {
		t.Fatalf("Wrap lost its cause: %v", err)
	}
}

func TestPublic(t *testing.T) {
	driver := errors.New(`pq: duplicate key value violates unique constraint "cases_ref_key"`)
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"new is public", New(NotFound, "case %s", "ABC"), "case ABC"},
		{"wrap shows only its message", Wrap(Conflict, driver, "already exists"), "already exists"},
		{"fmt prefix is not public", fmt.Errorf("store: insert case: %w", Wrap(Conflict, driver, "already exists")), "already exists"},
		{"outermost public message wins", Wrap(Invalid, New(Invalid, "inner"), "outer"), "outer"},
		{"wrap with no message falls to a public cause", Wrap(Invalid, New(Invalid, "inner"), ""), "inner"},
		{"wrap with no message never shows a plain cause", Wrap(Conflict, driver, ""), ""},
		{"plain error", driver, ""},
		{"plain wrapped", fmt.Errorf("x: %w", driver), ""},
		{"nil", nil, ""},
		{"publicer", listErr{"name: enter a name"}, "name: enter a name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Public(tt.err); got != tt.want {
				t.Fatalf("Public = %q, want %q", got, tt.want)
			}
		})
	}
}

type listErr struct{ msg string }

func (e listErr) Error() string         { return "invalid: " + e.msg }
func (e listErr) PublicMessage() string { return e.msg }
func (e listErr) Unwrap() error         { return Invalid }
