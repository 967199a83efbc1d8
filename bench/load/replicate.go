package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// replicate grows a PostgreSQL database seeded with n cases to copies×n by
// copying its cases and their search documents inside the database, each
// copy with new ids, references and marker words. Seeding PostgreSQL through
// the store runs at a few hundred cases a second here (a million would take
// an hour); the copies are written in minutes. Only what queues and search
// read is copied (cases, case_search): events and audit entries are not.
func replicate(ctx context.Context, url string, n, copies int) error {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return err
	}
	defer db.Close()
	cols, err := caseColumnList(ctx, db)
	if err != nil {
		return err
	}
	// Copies are spaced by the highest id, not n: ids skipped by a rolled
	// back batch would otherwise collide.
	var stride int
	if err := db.QueryRowContext(ctx, "SELECT max(id) FROM cases").Scan(&stride); err != nil {
		return err
	}
	start := time.Now()
	for k := 1; k < copies; k++ {
		off := k * stride
		exprs := make([]string, len(cols))
		for i, c := range cols {
			switch c {
			case "id":
				exprs[i] = fmt.Sprintf("id + %d", off)
			case "ref":
				exprs[i] = fmt.Sprintf("ref || '-%d'", k)
			case "idempotency_key":
				exprs[i] = "NULL"
			default:
				exprs[i] = c
			}
		}
		q := fmt.Sprintf("INSERT INTO cases (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM cases WHERE id <= %d",
			strings.Join(cols, ", "), strings.Join(exprs, ", "), stride)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("copy %d of cases: %w", k, err)
		}
		q = fmt.Sprintf(`INSERT INTO case_search (case_id, title, body)
			SELECT case_id + %d, title, regexp_replace(body, 'marker[0-9]+', 'marker' || (case_id + %d)) FROM case_search WHERE case_id <= %d`, off, off, stride)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("copy %d of case_search: %w", k, err)
		}
		fmt.Fprintf(os.Stderr, "copied %d cases (%s)\n", (k+1)*n, time.Since(start).Round(time.Second))
	}
	for _, q := range []string{
		"SELECT setval(pg_get_serial_sequence('cases', 'id'), (SELECT max(id) FROM cases))",
		"VACUUM ANALYZE cases", "VACUUM ANALYZE case_search",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	fmt.Printf("replicated to %d cases in %s\n", copies*n, time.Since(start).Round(time.Second))
	return nil
}

func caseColumnList(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = 'cases' AND is_generated = 'NEVER' ORDER BY ordinal_position`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
