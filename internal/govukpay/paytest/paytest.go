// Package paytest is a local server that speaks GOV.UK Pay's public API,
// for tests and for trying the platform without a GOV.UK Pay account:
// POST /v1/payments, GET /v1/payments/{id}, GET /v1/payments (search by
// date, in pages), POST and GET /v1/payments/{id}/refunds and GET
// /v1/payments/{id}/refunds/{refund_id}, with a Bearer API key, GOV.UK
// Pay's states, refund statuses and error bodies; and a stand-in for the card details page at next_url,
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
	// failRefunds holds payments whose next refund the card processor
	// fails at once (P0698).
	failRefunds map[string]bool
	// dropAnswers holds payments whose next refund is made but answered
	// with a closed connection.
	dropAnswers map[string]bool
	// Now is the clock payments and refunds are dated by; time.Now when nil.
	Now func() time.Time
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// dateLayout is GOV.UK Pay's date format: UTC, milliseconds.
const dateLayout = "2006-01-02T15:04:05.000Z"

// New starts a server that accepts apiKey.
func New(apiKey string) *Server {
	s := &Server{APIKey: apiKey, payments: map[string]*govukpay.Payment{}, refunds: map[string][]govukpay.Refund{}, failRefunds: map[string]bool{}, dropAnswers: map[string]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/payments", s.auth(s.create))
	mux.HandleFunc("GET /v1/payments", s.auth(s.search))
	mux.HandleFunc("GET /v1/payments/{id}", s.auth(s.get))
	mux.HandleFunc("POST /v1/payments/{id}/refunds", s.auth(s.refund))
	mux.HandleFunc("GET /v1/payments/{id}/refunds", s.auth(s.refundList))
	mux.HandleFunc("GET /v1/payments/{id}/refunds/{refund}", s.auth(s.refundGet))
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
		CreatedDate:   s.now().Format(dateLayout),
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
