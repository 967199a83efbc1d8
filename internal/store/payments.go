package store

import (
	"context"
	"time"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

var _ cases.PaymentStore = (*Store)(nil)

const paymentColumns = `payment_id, draft_id, service_id, reference, amount_pence, status, code, case_ref, refunded_pence, created_at, updated_at, attempt`

// paymentRead is what a payment is read with: its columns and the
// confirmation, which only ConfirmPayment writes.
const paymentRead = paymentColumns + `, confirmation`

// CreatePayment records a payment just created with GOV.UK Pay.
func (s *Store) CreatePayment(ctx context.Context, p cases.Payment) error {
	return s.update(ctx, func(t *tx) error {
		now := micros(t.now)
		_, err := t.exec(ctx, `INSERT INTO payments (`+paymentColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, (SELECT COALESCE(MAX(attempt), 0) + 1 FROM payments WHERE draft_id = ?))`,
			p.PaymentID, p.DraftID, p.ServiceID, p.Reference, p.AmountPence, p.Status, p.Code, p.CaseRef, now, now, p.DraftID)
		return err
	})
}

// ClaimPaymentStart implements cases.PaymentStore. One statement claims
// the attempt, so of many presses at once exactly one gets it: SQLite has
// one writer, and on PostgreSQL a second insert of the draft waits for the
// first's row and then finds its WHERE false.
func (s *Store) ClaimPaymentStart(ctx context.Context, draftID string, attempt int, lasts time.Duration) (bool, error) {
	var claimed bool
	err := s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, `INSERT INTO payment_starts (draft_id, attempt, claimed_at) VALUES (?, ?, ?)
			ON CONFLICT (draft_id) DO UPDATE SET attempt = excluded.attempt, claimed_at = excluded.claimed_at
			WHERE payment_starts.attempt < excluded.attempt OR (payment_starts.attempt = excluded.attempt AND payment_starts.claimed_at < ?)`,
			draftID, attempt, micros(t.now), micros(t.now.Add(-lasts)))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		claimed = n == 1
		return err
	})
	return claimed, err
}

// ReleasePaymentStart implements cases.PaymentStore.
func (s *Store) ReleasePaymentStart(ctx context.Context, draftID string, attempt int) error {
	return s.update(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `DELETE FROM payment_starts WHERE draft_id = ? AND attempt = ?`, draftID, attempt)
		return err
	})
}

// LatestPayment is draft id's most recent payment. Errors: fault.NotFound.
func (s *Store) LatestPayment(ctx context.Context, draftID string) (cases.Payment, error) {
	row := s.queryRowRead(ctx, `SELECT `+paymentRead+` FROM payments WHERE draft_id = ? ORDER BY attempt DESC LIMIT 1`, draftID)
	p, err := scanPayment(row.Scan)
	return p, notFound(err, "payment of draft "+draftID)
}

// UpdatePayment records a payment's status, code and, when not empty, its
// case. A case once recorded is kept. Errors: fault.NotFound.
func (s *Store) UpdatePayment(ctx context.Context, paymentID, status, code, caseRef string) error {
	return s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, `UPDATE payments SET status = ?, code = ?, case_ref = CASE WHEN case_ref = '' THEN ? ELSE case_ref END, updated_at = ? WHERE payment_id = ?`,
			status, code, caseRef, micros(t.now), paymentID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "payment %s", paymentID)
		}
		return nil
	})
}

// ConfirmPayment keeps GOV.UK Pay's confirmation of a payment. Errors:
// fault.NotFound.
func (s *Store) ConfirmPayment(ctx context.Context, paymentID, confirmation string) error {
	return s.update(ctx, func(t *tx) error {
		res, err := t.exec(ctx, `UPDATE payments SET confirmation = ? WHERE payment_id = ?`, confirmation, paymentID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "payment %s", paymentID)
		}
		return nil
	})
}

// PaymentsBetween lists payments created in [from, to), oldest first.
func (s *Store) PaymentsBetween(ctx context.Context, from, to time.Time) ([]cases.Payment, error) {
	rows, err := s.queryRead(ctx, `SELECT `+paymentRead+` FROM payments WHERE created_at >= ? AND created_at < ? ORDER BY created_at, draft_id, attempt`, micros(from), micros(to))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cases.Payment
	for rows.Next() {
		p, err := scanPayment(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func scanPayment(scan func(...any) error) (cases.Payment, error) {
	var p cases.Payment
	var created, updated int64
	err := scan(&p.PaymentID, &p.DraftID, &p.ServiceID, &p.Reference, &p.AmountPence, &p.Status, &p.Code, &p.CaseRef, &p.RefundedPence, &created, &updated, &p.Attempt,
		&p.Confirmation)
	p.CreatedAt, p.UpdatedAt = fromMicros(created), fromMicros(updated)
	return p, err
}
