// Package govukpay is a client of the GOV.UK Pay API: create a card
// payment, read its state after the paying user returns, and refund it.
//
// It adapts one outbound HTTP API, as notify adapts GOV.UK Notify; the
// field names are those of GOV.UK Pay's public API (amounts in pence,
// states created, started, submitted, capturable, success, failed,
// cancelled, error). The API key is sent only in the Authorization header
// and never appears in an error or a log line.
package govukpay

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultBaseURL is GOV.UK Pay's live API.
const DefaultBaseURL = "https://publicapi.payments.service.gov.uk"

// Client calls the GOV.UK Pay API with one service's API key.
type Client struct {
	BaseURL string
	APIKey  string
	// HTTP is the client used (a 30-second timeout when nil).
	HTTP *http.Client
}

// CreateRequest is the body of POST /v1/payments.
type CreateRequest struct {
	// Amount is in pence, 1 to 10,000,000 (£100,000).
	Amount      int64  `json:"amount"`
	Reference   string `json:"reference"`
	Description string `json:"description"`
	ReturnURL   string `json:"return_url"`
	Email       string `json:"email,omitempty"`
	Language    string `json:"language,omitempty"`
}

// State is a payment's state: Status and whether it is Finished; a failed,
// cancelled or error payment carries GOV.UK Pay's Code and Message.
type State struct {
	Status   string `json:"status"`
	Finished bool   `json:"finished"`
	Message  string `json:"message,omitempty"`
	Code     string `json:"code,omitempty"`
}

// Payment statuses.
const (
	StatusCreated    = "created"
	StatusStarted    = "started"
	StatusSubmitted  = "submitted"
	StatusCapturable = "capturable"
	StatusSuccess    = "success"
	StatusFailed     = "failed"
	StatusCancelled  = "cancelled"
	StatusError      = "error"
)

// Failure codes of a finished, unsuccessful payment.
const (
	CodeDeclined         = "P0010" // payment method rejected
	CodeExpired          = "P0020" // the user took longer than 90 minutes
	CodeCancelledByUser  = "P0030"
	CodeCancelledService = "P0040"
	CodeError            = "P0050" // GOV.UK Pay or the card processor failed
)

// RefundSummary says how much of a payment may still be refunded.
type RefundSummary struct {
	Status          string `json:"status"`
	AmountAvailable int64  `json:"amount_available"`
	AmountSubmitted int64  `json:"amount_submitted"`
}

// Link is one of a payment's _links.
type Link struct {
	Href   string `json:"href"`
	Method string `json:"method"`
}

// Payment is a payment as GOV.UK Pay returns it.
type Payment struct {
	PaymentID     string          `json:"payment_id"`
	Amount        int64           `json:"amount"`
	Reference     string          `json:"reference"`
	Description   string          `json:"description"`
	ReturnURL     string          `json:"return_url"`
	Email         string          `json:"email,omitempty"`
	State         State           `json:"state"`
	CreatedDate   string          `json:"created_date"`
	RefundSummary RefundSummary   `json:"refund_summary"`
	Links         map[string]Link `json:"_links"`
}

// NextURL is where to send the paying user to enter their card details.
func (p Payment) NextURL() string { return p.Links["next_url"].Href }

// Refund is a refund as GOV.UK Pay returns it; Status is submitted,
// success or error.
type Refund struct {
	RefundID    string `json:"refund_id"`
	Amount      int64  `json:"amount"`
	Status      string `json:"status"`
	CreatedDate string `json:"created_date"`
}

// Error is GOV.UK Pay's error body, with the HTTP status it came with.
type Error struct {
	HTTPStatus  int    `json:"-"`
	Field       string `json:"field,omitempty"`
	Code        string `json:"code"`
	Description string `json:"description"`
}

func (e *Error) Error() string {
	return fmt.Sprintf("GOV.UK Pay %d %s: %s", e.HTTPStatus, e.Code, e.Description)
}

// Refund error codes.
const (
	CodeRefundNotAvailable = "P0603"
	CodeRefundMismatch     = "P0604" // refund_amount_available did not match: refunded meanwhile
	CodeRefundDownstream   = "P0698" // GOV.UK Pay's card processor failed
)

// Refund statuses: submitted until the card processor settles it, then
// success or error (the money did not go back).
const (
	RefundSubmitted = "submitted"
	RefundSuccess   = "success"
	RefundError     = "error"
)

// Create starts a payment; send the user to its NextURL.
func (c *Client) Create(ctx context.Context, req CreateRequest) (Payment, error) {
	var p Payment
	err := c.do(ctx, http.MethodPost, "/v1/payments", req, &p)
	return p, err
}

// Get reads a payment's current state.
func (c *Client) Get(ctx context.Context, paymentID string) (Payment, error) {
	var p Payment
	err := c.do(ctx, http.MethodGet, "/v1/payments/"+url.PathEscape(paymentID), nil, &p)
	return p, err
}

// RefundPayment refunds amount pence. available is the amount the caller
// believes still refundable; GOV.UK Pay refuses the refund (CodeRefundMismatch)
// when another refund changed it meanwhile, so two clicks refund once.
func (c *Client) RefundPayment(ctx context.Context, paymentID string, amount, available int64) (Refund, error) {
	var r Refund
	body := map[string]int64{"amount": amount, "refund_amount_available": available}
	err := c.do(ctx, http.MethodPost, "/v1/payments/"+url.PathEscape(paymentID)+"/refunds", body, &r)
	return r, err
}

// RefundOf reads one refund's current status.
func (c *Client) RefundOf(ctx context.Context, paymentID, refundID string) (Refund, error) {
	var r Refund
	err := c.do(ctx, http.MethodGet, "/v1/payments/"+url.PathEscape(paymentID)+"/refunds/"+url.PathEscape(refundID), nil, &r)
	return r, err
}

// RefundsOf lists all of a payment's refunds.
func (c *Client) RefundsOf(ctx context.Context, paymentID string) ([]Refund, error) {
	var body struct {
		Embedded struct {
			Refunds []Refund `json:"refunds"`
		} `json:"_embedded"`
	}
	err := c.do(ctx, http.MethodGet, "/v1/payments/"+url.PathEscape(paymentID)+"/refunds", nil, &body)
	return body.Embedded.Refunds, err
}

// SearchPageSize is how many payments a search asks for at once (GOV.UK
// Pay's largest display_size).
const SearchPageSize = 500

// searchPage is one page of GET /v1/payments.
type searchPage struct {
	Total   int       `json:"total"`
	Count   int       `json:"count"`
	Page    int       `json:"page"`
	Results []Payment `json:"results"`
}

// Search lists every payment created in [from, to), following GOV.UK Pay's
// pages.
func (c *Client) Search(ctx context.Context, from, to time.Time) ([]Payment, error) {
	var out []Payment
	for page := 1; ; page++ {
		q := url.Values{"from_date": {from.UTC().Format(time.RFC3339)}, "to_date": {to.UTC().Format(time.RFC3339)},
			"page": {fmt.Sprint(page)}, "display_size": {fmt.Sprint(SearchPageSize)}}
		var sp searchPage
		if err := c.do(ctx, http.MethodGet, "/v1/payments?"+q.Encode(), nil, &sp); err != nil {
			return nil, err
		}
		out = append(out, sp.Results...)
		if len(sp.Results) == 0 || len(out) >= sp.Total {
			return out, nil
		}
	}
}

func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(c.base(), "/")+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.APIKey)
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.httpClient().Do(req)
	if err != nil {
		return fmt.Errorf("GOV.UK Pay %s %s: %w", method, path, redact(err))
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("GOV.UK Pay %s %s: reading the answer: %w", method, path, err)
	}
	if res.StatusCode >= 300 {
		e := &Error{HTTPStatus: res.StatusCode}
		if json.Unmarshal(b, e) != nil || e.Code == "" {
			e.Description = http.StatusText(res.StatusCode)
		}
		return e
	}
	return json.Unmarshal(b, out)
}

// redact drops the request URL from a transport error: the error stays
// useful and carries nothing a log should not hold.
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func (c *Client) base() string {
	if c.BaseURL != "" {
		return c.BaseURL
	}
	return DefaultBaseURL
}

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return &http.Client{Timeout: 30 * time.Second}
}

// CardPagesOrigin is where GOV.UK Pay's live card pages are served: the
// next_url of a live payment, which the resident's browser is sent to.
const CardPagesOrigin = "https://card.payments.service.gov.uk"

// PaymentPageOrigins are the origins a resident may be sent to to pay: the
// live card pages, and the API's own origin when it is not the live API (a
// local server in tests serves its card page itself). A page whose form
// starts a payment must allow them as form-action, or the browser refuses
// the redirect to them.
func (c *Client) PaymentPageOrigins() []string {
	out := []string{CardPagesOrigin}
	if u, err := url.Parse(c.base()); err == nil && c.base() != DefaultBaseURL {
		out = append(out, u.Scheme+"://"+u.Host)
	}
	return out
}
