package access

import (
	"strings"
	"testing"
)

// TestActImpliesView: in every policy table, no one may act on what they
// may not see. The case service relies on it: a change asks the policy only
// whether the caller may act, and asks about viewing only on a refusal, to
// answer 404 rather than 403.
func TestActImpliesView(t *testing.T) {
	t.Parallel()
	for _, table := range []string{policyTable, auditorNamedTable} { // columns V F A E C
		for _, row := range rows(table) {
			if f := strings.Fields(row); f[5] != "-" && f[3] == "-" {
				t.Errorf("may act but not view: %s", row)
			}
		}
	}
	for _, table := range []string{sharingTable, recordsTable} { // cells "VFAE"
		for _, row := range rows(table) {
			for _, cell := range strings.Fields(row)[1:] {
				if cell[2] != '-' && cell[0] == '-' {
					t.Errorf("may act but not view: %s (%s)", row, cell)
				}
			}
		}
	}
}

// rows are a table's lines after its heading.
func rows(table string) []string { return strings.Split(strings.TrimSpace(table), "\n")[1:] }
