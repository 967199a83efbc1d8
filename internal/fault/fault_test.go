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
