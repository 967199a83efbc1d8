// Package chat speaks the OpenAI-compatible chat completions API (Azure
// OpenAI, or a local server such as llama.cpp or Ollama), with a timeout per
// attempt, retries on overload and server errors, and a daily call limit so a
// loop or an attack cannot run up a bill. It is an outbound adapter: callers
// redact personal data before a prompt reaches it, and check what it returns.
package chat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// Message is one turn of a conversation.
type Message struct {
	Role    string `json:"role"` // system, user or assistant
	Content string `json:"content"`
}

// Client calls one model at one endpoint. The zero value is not usable;
// set BaseURL and Model.
type Client struct {
	// BaseURL ends before /chat/completions: https://host/v1 for OpenAI-style
	// servers, or an Azure deployment's URL.
	BaseURL string
	Model   string
	// APIKey is sent as a bearer token and, for Azure, as api-key.
	APIKey string
	// HTTP is the client to use (http.DefaultClient when nil).
	HTTP *http.Client
	// Timeout bounds each attempt (20 seconds when zero).
	Timeout time.Duration
	// Retries is how many times an attempt refused with 429 or 5xx, or timed
	// out, is tried again (2 when zero; -1 for none).
	Retries int
	// DailyLimit is how many calls a day are allowed (0 means 1000).
	DailyLimit int
	// Now is the clock (time.Now when nil); Sleep waits between retries.
	Now   func() time.Time
	Sleep func(context.Context, time.Duration)

	mu    sync.Mutex
	day   string
	calls int
}

// ErrLimit is returned once the day's calls are spent; it is fault.TooMany.
var ErrLimit = fault.New(fault.TooMany, "the language model's daily limit is reached")

type request struct {
	Model       string    `json:"model"`
	Messages    []Message `json:"messages"`
	Temperature float64   `json:"temperature"`
	MaxTokens   int       `json:"max_tokens,omitempty"`
}

type response struct {
	Choices []struct {
		Message Message `json:"message"`
	} `json:"choices"`
	Error *struct {
		Message string `json:"message"`
	} `json:"error"`
}

// Complete sends messages and returns the model's reply. Errors are
// fault.Unavailable (the server failed or timed out after retries),
// fault.TooMany (the daily limit), or fault.Invalid (the server refused the
// request or answered something that is not a completion).
func (c *Client) Complete(ctx context.Context, msgs []Message) (string, error) {
	if err := c.spend(); err != nil {
		return "", err
	}
	body, err := json.Marshal(request{Model: c.Model, Messages: msgs, Temperature: 0, MaxTokens: 800})
	if err != nil {
		return "", err
	}
	var last error
	for attempt := 0; attempt <= c.retries(); attempt++ {
		if attempt > 0 {
			c.sleep(ctx, time.Duration(attempt)*500*time.Millisecond)
		}
		reply, retry, err := c.attempt(ctx, body)
		if err == nil || !retry || ctx.Err() != nil {
			return reply, err
		}
		last = err
	}
	return "", fault.Wrap(fault.Unavailable, last, "the language model did not answer")
}

// attempt makes one call; retry says whether another could succeed.
func (c *Client) attempt(ctx context.Context, body []byte) (reply string, retry bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(c.BaseURL, "/")+"/chat/completions", bytes.NewReader(body))
	if err != nil {
		return "", false, fault.Wrap(fault.Invalid, err, "the language model address is not valid")
	}
	req.Header.Set("Content-Type", "application/json")
	if c.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+c.APIKey)
		req.Header.Set("api-key", c.APIKey)
	}
	resp, err := c.client().Do(req)
	if err != nil {
		return "", true, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", true, err
	}
	return decode(resp.StatusCode, b)
}

func decode(status int, b []byte) (string, bool, error) {
	var r response
	jsonErr := json.Unmarshal(b, &r)
	switch {
	case status == http.StatusTooManyRequests || status >= 500:
		return "", true, fmt.Errorf("language model: HTTP %d", status)
	case status != http.StatusOK:
		msg := ""
		if jsonErr == nil && r.Error != nil {
			msg = ": " + r.Error.Message
		}
		return "", false, fault.New(fault.Invalid, "the language model refused the request (HTTP %d%s)", status, msg)
	case jsonErr != nil || len(r.Choices) == 0:
		return "", false, fault.New(fault.Invalid, "the language model's answer is not a chat completion")
	}
	return r.Choices[0].Message.Content, false, nil
}

// spend counts a call against today's limit.
func (c *Client) spend() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	if day := now().UTC().Format(time.DateOnly); day != c.day {
		c.day, c.calls = day, 0
	}
	limit := c.DailyLimit
	if limit == 0 {
		limit = 1000
	}
	if c.calls >= limit {
		return ErrLimit
	}
	c.calls++
	return nil
}

func (c *Client) client() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return http.DefaultClient
}

func (c *Client) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return 20 * time.Second
}

func (c *Client) retries() int {
	switch {
	case c.Retries < 0:
		return 0
	case c.Retries == 0:
		return 2
	}
	return c.Retries
}

func (c *Client) sleep(ctx context.Context, d time.Duration) {
	if c.Sleep != nil {
		c.Sleep(ctx, d)
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// IsLimit reports whether err is the daily limit.
func IsLimit(err error) bool { return errors.Is(err, ErrLimit) }
