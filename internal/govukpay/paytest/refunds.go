package paytest

import (
	"encoding/json"
	"net/http"

	"github.com/guildhall-platform/guildhall/internal/govukpay"
)

// refund starts a refund as GOV.UK Pay does: the check of the amount and
// of refund_amount_available and the change are under one lock, so of two
// identical requests the second fails with P0604. A refund begins
// submitted; SettleRefund ends it, as the card processor would.
func (s *Server) refund(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Amount    int64  `json:"amount"`
		Available *int64 `json:"refund_amount_available"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		fail(w, http.StatusBadRequest, "", "P0697", "Unable to parse JSON")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.payments[r.PathValue("id")]
	switch {
	case !ok:
		fail(w, http.StatusNotFound, "", "P0700", "Not found")
	case req.Amount < 1 || req.Amount > 10_000_000:
		fail(w, http.StatusUnprocessableEntity, "amount", "P0602", "Invalid attribute value: amount. Must be greater than or equal to 1")
	case p.RefundSummary.Status != "available" || req.Amount > p.RefundSummary.AmountAvailable:
		fail(w, http.StatusBadRequest, "", govukpay.CodeRefundNotAvailable, "The payment is not available for refund. Payment refund status: "+p.RefundSummary.Status)
	case req.Available != nil && *req.Available != p.RefundSummary.AmountAvailable:
		fail(w, http.StatusPreconditionFailed, "", govukpay.CodeRefundMismatch, "Refund amount available mismatch")
	case s.failRefunds[p.PaymentID]:
		delete(s.failRefunds, p.PaymentID)
		fail(w, http.StatusInternalServerError, "", govukpay.CodeRefundDownstream, "Downstream system error")
	default:
		ref := govukpay.Refund{RefundID: newID(), Amount: req.Amount, Status: govukpay.RefundSubmitted, CreatedDate: s.now().Format(dateLayout)}
		s.refunds[p.PaymentID] = append(s.refunds[p.PaymentID], ref)
		s.moveRefundable(p, -req.Amount)
		if s.dropAnswers[p.PaymentID] {
			delete(s.dropAnswers, p.PaymentID)
			dropConnection(w)
			return
		}
		writeJSON(w, http.StatusAccepted, ref)
	}
}

// moveRefundable changes what may still be refunded of p by delta pence.
func (s *Server) moveRefundable(p *govukpay.Payment, delta int64) {
	p.RefundSummary.AmountAvailable += delta
	p.RefundSummary.AmountSubmitted -= delta
	p.RefundSummary.Status = "available"
	if p.RefundSummary.AmountAvailable == 0 {
		p.RefundSummary.Status = "full"
	}
}

func (s *Server) refundGet(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ref := range s.refunds[r.PathValue("id")] {
		if ref.RefundID == r.PathValue("refund") {
			writeJSON(w, http.StatusOK, ref)
			return
		}
	}
	fail(w, http.StatusNotFound, "", "P0700", "Not found")
}

func (s *Server) refundList(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.payments[r.PathValue("id")]; !ok {
		fail(w, http.StatusNotFound, "", "P0700", "Not found")
		return
	}
	list := append([]govukpay.Refund{}, s.refunds[r.PathValue("id")]...)
	writeJSON(w, http.StatusOK, map[string]any{"payment_id": r.PathValue("id"), "_embedded": map[string]any{"refunds": list}})
}

// Refunds lists a payment's refunds.
func (s *Server) Refunds(paymentID string) []govukpay.Refund {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]govukpay.Refund(nil), s.refunds[paymentID]...)
}

// FailNextRefund makes the card processor fail paymentID's next refund
// request at once, as GOV.UK Pay reports with P0698.
func (s *Server) FailNextRefund(paymentID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failRefunds[paymentID] = true
}

// DropNextRefundAnswer makes paymentID's next refund go through but its
// answer be lost: the connection closes before a response, as when a
// network fails after GOV.UK Pay acted.
func (s *Server) DropNextRefundAnswer(paymentID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dropAnswers[paymentID] = true
}

// dropConnection closes the request's connection without a response.
func dropConnection(w http.ResponseWriter) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		conn.Close()
	}
}

// SettleRefund ends a submitted refund with status success or error; an
// error gives the amount back to what may be refunded. It reports whether
// there was such a submitted refund.
func (s *Server) SettleRefund(paymentID, refundID, status string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	list := s.refunds[paymentID]
	for i := range list {
		if list[i].RefundID != refundID || list[i].Status != govukpay.RefundSubmitted {
			continue
		}
		list[i].Status = status
		if status == govukpay.RefundError {
			s.moveRefundable(s.payments[paymentID], list[i].Amount)
		}
		return true
	}
	return false
}
