package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

const refundColumns = `id, payment_id, case_ref, amount_pence, available_pence, reason, requested_by, status, gateway_id, problem, created_at, updated_at`

// PaymentOfCase is the successful payment case ref was made with.
// Errors: fault.NotFound.
func (s *Store) PaymentOfCase(ctx context.Context, ref string) (cases.Payment, error) {
	row := s.queryRowRead(ctx, `SELECT `+paymentRead+` FROM payments WHERE case_ref = ? AND status = ? ORDER BY created_at DESC LIMIT 1`,
		ref, cases.PaymentSucceeded)
	p, err := scanPayment(row.Scan)
	return p, notFound(err, "payment of case "+ref)
}

// ReserveRefund adds r's amount to its payment's refunded total, only if
// the total stays within the amount paid, and records r. The check and
// the change are one UPDATE, so on SQLite (one writer) and PostgreSQL (the
// row lock, and the condition read again after waiting for it) concurrent
// reservations can never together pass the amount paid. Errors:
// fault.Conflict when they would.
func (s *Store) ReserveRefund(ctx context.Context, r cases.Refund) (cases.Refund, error) {
	err := s.update(ctx, func(t *tx) error {
		r.CreatedAt, r.UpdatedAt = t.now, t.now
		if err := insertRefund(ctx, t, r); err != nil { // first, so a repeated form waits here and writes nothing
			return err
		}
		now := micros(t.now)
		var refunded, paid int64
		err := t.queryRow(ctx, `UPDATE payments SET refunded_pence = refunded_pence + ?, updated_at = ?
			WHERE payment_id = ? AND status = ? AND refunded_pence + ? <= amount_pence
			RETURNING refunded_pence, amount_pence`,
			r.AmountPence, now, r.PaymentID, cases.PaymentSucceeded, r.AmountPence).Scan(&refunded, &paid)
		if errors.Is(err, sql.ErrNoRows) {
			return fault.New(fault.Conflict, "no more than was paid can be refunded: another refund was made meanwhile")
		}
		if err != nil {
			return err
		}
		r.AvailablePence = paid - (refunded - r.AmountPence)
		_, err = t.exec(ctx, `UPDATE payment_refunds SET available_pence = ? WHERE id = ?`, r.AvailablePence, r.ID)
		return err
	})
	return r, err
}

// insertRefund records r, unless a refund of its payment with its key
// (not empty) exists: then ErrRefundRepeated. On PostgreSQL a second
// insert of the key waits for the first's transaction and then does
// nothing, so of many at once one is written.
func insertRefund(ctx context.Context, t *tx, r cases.Refund) error {
	now := micros(t.now)
	res, err := t.exec(ctx, `INSERT INTO payment_refunds (`+refundColumns+`, request_key) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (payment_id, request_key) WHERE request_key <> '' DO NOTHING`,
		r.ID, r.PaymentID, r.CaseRef, r.AmountPence, r.Reason, r.RequestedBy, string(r.Status), r.GatewayID, r.Problem, now, now, r.Key)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return cmp.Or(err, cases.ErrRefundRepeated)
	}
	return nil
}

// applyRefund moves a refund on inside a case change, giving the payment
// back the amount of a refund that was refused or failed. A refund no
// longer in u.From is cases.ErrRefundMoved, which rolls the change back.
func applyRefund(ctx context.Context, t *tx, u *cases.RefundUpdate) error {
	var amount int64
	var payment string
	err := t.queryRow(ctx, `UPDATE payment_refunds SET status = ?, gateway_id = CASE WHEN ? = '' THEN gateway_id ELSE ? END,
		problem = ?, updated_at = ? WHERE id = ? AND status = ? RETURNING amount_pence, payment_id`,
		string(u.To), u.GatewayID, u.GatewayID, u.Problem, micros(t.now), u.ID, string(u.From)).Scan(&amount, &payment)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("refund %s: %w", u.ID, cases.ErrRefundMoved)
	}
	if err != nil || u.To.Holds() {
		return err
	}
	_, err = t.exec(ctx, `UPDATE payments SET refunded_pence = refunded_pence - ?, updated_at = ? WHERE payment_id = ?`, amount, micros(t.now), payment)
	return err
}

// RefundsOfPayment lists a payment's refunds, oldest first.
func (s *Store) RefundsOfPayment(ctx context.Context, paymentID string) ([]cases.Refund, error) {
	return s.refunds(ctx, `WHERE payment_id = ? ORDER BY created_at, id`, paymentID)
}

// UnsettledRefunds lists refunds still requesting or submitted, oldest first.
func (s *Store) UnsettledRefunds(ctx context.Context) ([]cases.Refund, error) {
	return s.refunds(ctx, `WHERE status IN (?, ?) ORDER BY created_at, id`, string(cases.RefundRequesting), string(cases.RefundSubmitted))
}

func (s *Store) refunds(ctx context.Context, where string, args ...any) ([]cases.Refund, error) {
	rows, err := s.queryRead(ctx, `SELECT `+refundColumns+` FROM payment_refunds `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cases.Refund
	for rows.Next() {
		var r cases.Refund
		var status string
		var created, updated int64
		if err := rows.Scan(&r.ID, &r.PaymentID, &r.CaseRef, &r.AmountPence, &r.AvailablePence, &r.Reason, &r.RequestedBy,
			&status, &r.GatewayID, &r.Problem, &created, &updated); err != nil {
			return nil, err
		}
		r.Status, r.CreatedAt, r.UpdatedAt = cases.RefundStatus(status), fromMicros(created), fromMicros(updated)
		out = append(out, r)
	}
	return out, rows.Err()
}
