package workspace_test

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"
)

// TestAuditCSVNeutralisesFormulas: a failed sign-in with a formula for a
// user name reaches the auditors' CSV export as text a spreadsheet will not
// evaluate (prefixed with a single quote), in every cell it appears in.
func TestAuditCSVNeutralisesFormulas(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		const formula = `=HYPERLINK("http://x","y")`
		if _, _, err := e.Auth.SignIn(context.Background(), formula, "not the password", "192.0.2.7", ""); err == nil {
			t.Fatal("sign-in with a formula for a user name succeeded")
		}
		res, body := e.Client(auditor).Get("/workspace/audit/export?format=csv&action=auth.sign_in_failed")
		if res.StatusCode != 200 {
			t.Fatalf("export: %d %s", res.StatusCode, body)
		}
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil || len(rows) != 2 {
			t.Fatalf("export = %q, %v; want a header and one entry", body, err)
		}
		actor, subject := rows[1][2], rows[1][4]
		if actor != "'"+formula || subject != "'"+formula {
			t.Errorf("actor %q, subject %q; want both %q", actor, subject, "'"+formula)
		}
		for _, row := range rows {
			for _, cell := range row {
				if strings.ContainsAny(cell[:min(1, len(cell))], "=+-@\t\r") {
					t.Errorf("cell %q starts with a formula character", cell)
				}
			}
		}
	})
}
