// Package paytest is a local server that speaks GOV.UK Pay's public API,
// for tests and for trying the platform without a GOV.UK Pay account:
// POST /v1/payments, GET /v1/payments/{id} and POST
// /v1/payments/{id}/refunds with a Bearer API key, GOV.UK Pay's states and
// error bodies; and a stand-in for the card details page at next_url,
// where a person (or a test) chooses the outcome: paid, declined,
// cancelled, timed out or a processing error.
package paytest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/guildhall-platform/guildhall/internal/govukpay"
)

// Server is a running local GOV.UK Pay.
type Server struct {
	URL    string
	APIKey string
	srv    *httptest.Server

	mu       sync.Mutex
	payments map[string]*govukpay.Payment
	refunds  map[string][]govukpay.Refund
	// Created counts POST /v1/payments, for tests of idempotency.
	Created int
}

// New starts a server that accepts apiKey.
func New(apiKey string) *Server {
	s := &Server{APIKey: apiKey, payments: map[string]*govukpay.Payment{}, refunds: map[string][]govukpay.Refund{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/payments", s.auth(s.create))
	mux.HandleFunc("GET /v1/payments/{id}", s.auth(s.get))
	mux.HandleFunc("POST /v1/payments/{id}/refunds", s.auth(s.refund))
	mux.HandleFunc("GET /pay/{id}", s.cardPage)
	mux.HandleFunc("POST /pay/{id}", s.cardPost)
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, status int, field, code, description string) {
	writeJSON(w, status, govukpay.Error{Field: field, Code: code, Description: description})
}

func (s *Server) auth(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+s.APIKey {
			fail(w, http.StatusUnauthorized, "", "P0920", "Credentials are required to access this resource")
			return
		}
		next(w, r)
	}
}

func newID() string {
	b := make([]byte, 13)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)[:26]
}

func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	var req govukpay.CreateRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		fail(w, http.StatusBadRequest, "", "P0197", "Unable to parse JSON")
		return
	}
	switch {
	case req.Amount < 1 || req.Amount > 10_000_000:
		fail(w, http.StatusUnprocessableEntity, "amount", "P0102", "Invalid attribute value: amount. Must be less than or equal to 10000000")
		return
	case req.Reference == "" || len(req.Reference) > 255:
		fail(w, http.StatusBadRequest, "reference", "P0101", "Missing mandatory attribute: reference")
		return
	case req.Description == "" || req.ReturnURL == "":
		fail(w, http.StatusBadRequest, "return_url", "P0101", "Missing mandatory attribute: return_url")
		return
	}
	id := newID()
	p := &govukpay.Payment{PaymentID: id, Amount: req.Amount, Reference: req.Reference, Description: req.Description,
		ReturnURL: req.ReturnURL, Email: req.Email, State: govukpay.State{Status: govukpay.StatusCreated},
		CreatedDate:   time.Now().UTC().Format("2006-01-02T15:04:05.000Z"),
		RefundSummary: govukpay.RefundSummary{Status: "pending"},
		Links: map[string]govukpay.Link{
			"self":     {Href: s.URL + "/v1/payments/" + id, Method: "GET"},
			"next_url": {Href: s.URL + "/pay/" + id, Method: "GET"},
			"refunds":  {Href: s.URL + "/v1/payments/" + id + "/refunds", Method: "GET"},
		}}
	s.mu.Lock()
	s.payments[id] = p
	s.Created++
	out := *p
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) get(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	p, ok := s.payments[r.PathValue("id")]
	var out govukpay.Payment
	if ok {
		out = *p
		out.Links = map[string]govukpay.Link{"self": p.Links["self"], "refunds": p.Links["refunds"]}
		if !p.State.Finished { // next_url is offered only while the user can still pay
			out.Links["next_url"] = p.Links["next_url"]
		}
	}
	s.mu.Unlock()
	if !ok {
		fail(w, http.StatusNotFound, "", "P0200", "Not found")
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// refund refunds once: the check of refund_amount_available and the
// change are under one lock, as GOV.UK Pay's own check makes a second
// identical request fail with P0604.
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
	case p.RefundSummary.Status != "available" || req.Amount < 1 || req.Amount > p.RefundSummary.AmountAvailable:
		fail(w, http.StatusBadRequest, "", govukpay.CodeRefundNotAvailable, "The payment is not available for refund. Payment refund status: "+p.RefundSummary.Status)
	case req.Available != nil && *req.Available != p.RefundSummary.AmountAvailable:
		fail(w, http.StatusPreconditionFailed, "", govukpay.CodeRefundMismatch, "Refund amount available mismatch")
	default:
		ref := govukpay.Refund{RefundID: newID(), Amount: req.Amount, Status: "success", CreatedDate: time.Now().UTC().Format("2006-01-02T15:04:05.000Z")}
		s.refunds[p.PaymentID] = append(s.refunds[p.PaymentID], ref)
		p.RefundSummary.AmountAvailable -= req.Amount
		p.RefundSummary.AmountSubmitted += req.Amount
		if p.RefundSummary.AmountAvailable == 0 {
			p.RefundSummary.Status = "full"
		}
		writeJSON(w, http.StatusAccepted, ref)
	}
}

// Refunds lists a payment's refunds.
func (s *Server) Refunds(paymentID string) []govukpay.Refund {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]govukpay.Refund(nil), s.refunds[paymentID]...)
}

// Outcomes a paying user can reach on the card page.
const (
	OutcomeSuccess   = "success"
	OutcomeDeclined  = "declined"
	OutcomeCancelled = "cancelled"
	OutcomeExpired   = "expired"
	OutcomeError     = "error"
)

var outcomes = map[string]govukpay.State{
	OutcomeSuccess:   {Status: govukpay.StatusSuccess, Finished: true},
	OutcomeDeclined:  {Status: govukpay.StatusFailed, Finished: true, Code: govukpay.CodeDeclined, Message: "Payment method rejected"},
	OutcomeCancelled: {Status: govukpay.StatusCancelled, Finished: true, Code: govukpay.CodeCancelledByUser, Message: "Payment was cancelled by the user"},
	OutcomeExpired:   {Status: govukpay.StatusFailed, Finished: true, Code: govukpay.CodeExpired, Message: "Payment expired"},
	OutcomeError:     {Status: govukpay.StatusError, Finished: true, Code: govukpay.CodeError, Message: "Payment provider returned an error"},
}

// Finish sets a payment's outcome as the card page would, and returns its
// return_url.
func (s *Server) Finish(paymentID, outcome string) (string, error) {
	st, ok := outcomes[outcome]
	if !ok {
		return "", fmt.Errorf("paytest: no outcome %q", outcome)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.payments[paymentID]
	if !ok {
		return "", fmt.Errorf("paytest: no payment %q", paymentID)
	}
	if !p.State.Finished {
		p.State = st
		if st.Status == govukpay.StatusSuccess {
			p.RefundSummary = govukpay.RefundSummary{Status: "available", AmountAvailable: p.Amount}
		} else {
			p.RefundSummary = govukpay.RefundSummary{Status: "unavailable"}
		}
	}
	return p.ReturnURL, nil
}

var cardPage = template.Must(template.New("card").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Enter card details – local GOV.UK Pay</title></head>
<body><main><h1>Local GOV.UK Pay</h1><p>{{.Description}}: £{{.Pounds}}</p>
<form method="post"><fieldset><legend>Outcome</legend>
{{range .Outcomes}}<button name="outcome" value="{{.}}">{{.}}</button> {{end}}
</fieldset></form></main></body></html>`))

func (s *Server) cardPage(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	p, ok := s.payments[r.PathValue("id")]
	var desc string
	var amount int64
	if ok {
		desc, amount = p.Description, p.Amount
		if p.State.Status == govukpay.StatusCreated {
			p.State.Status = govukpay.StatusStarted
		}
	}
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	_ = cardPage.Execute(w, map[string]any{"Description": desc, "Pounds": fmt.Sprintf("%d.%02d", amount/100, amount%100),
		"Outcomes": []string{OutcomeSuccess, OutcomeDeclined, OutcomeCancelled, OutcomeExpired, OutcomeError}})
}

func (s *Server) cardPost(w http.ResponseWriter, r *http.Request) {
	back, err := s.Finish(r.PathValue("id"), r.FormValue("outcome"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}
