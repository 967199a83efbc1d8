package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// PaymentByID is one payment. Errors: fault.NotFound.
func (s *Store) PaymentByID(ctx context.Context, paymentID string) (cases.Payment, error) {
	p, err := scanPayment(s.queryRowRead(ctx, `SELECT `+paymentRead+` FROM payments WHERE payment_id = ?`, paymentID).Scan)
	return p, notFound(err, "payment "+paymentID)
}

// PaidDraft is a draft's service, answers and case, whatever its session.
// Errors: fault.NotFound when it has been deleted.
func (s *Store) PaidDraft(ctx context.Context, draftID string) (string, service.Answers, string, error) {
	var serviceID, answers, ref string
	err := s.queryRowRead(ctx, `SELECT service_id, answers, submitted_ref FROM drafts WHERE id = ?`, draftID).Scan(&serviceID, &answers, &ref)
	if err != nil {
		return "", nil, "", notFound(err, "draft "+draftID)
	}
	var a service.Answers
	if err := json.Unmarshal([]byte(answers), &a); err != nil {
		return "", nil, "", fmt.Errorf("draft %s: answers: %w", draftID, err)
	}
	return serviceID, a, ref, nil
}

// SaveReconciliation keeps a day's report, replacing an earlier one.
func (s *Store) SaveReconciliation(ctx context.Context, r cases.Reconciliation) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return s.update(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `INSERT INTO payment_reconciliations (day, report, made_at) VALUES (?, ?, ?)
			ON CONFLICT (day) DO UPDATE SET report = excluded.report, made_at = excluded.made_at`, r.Day, string(b), micros(r.MadeAt))
		return err
	})
}

// ReconciliationOf is a day's report. Errors: fault.NotFound.
func (s *Store) ReconciliationOf(ctx context.Context, day string) (cases.Reconciliation, error) {
	var text string
	if err := s.queryRowRead(ctx, `SELECT report FROM payment_reconciliations WHERE day = ?`, day).Scan(&text); err != nil {
		return cases.Reconciliation{}, notFound(err, "reconciliation of "+day)
	}
	var r cases.Reconciliation
	return r, json.Unmarshal([]byte(text), &r)
}

// Reconciliations lists the newest limit reports, newest day first.
func (s *Store) Reconciliations(ctx context.Context, limit int) ([]cases.Reconciliation, error) {
	rows, err := s.queryRead(ctx, `SELECT report FROM payment_reconciliations ORDER BY day DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cases.Reconciliation
	for rows.Next() {
		var text string
		var r cases.Reconciliation
		if err := rows.Scan(&text); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(text), &r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
