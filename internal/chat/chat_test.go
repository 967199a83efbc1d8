package chat

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// server speaks the chat completions API: each call gets the next of the
// scripted replies (status, body, delay); the last repeats.
type script struct {
	status int
	body   string
	delay  time.Duration
}

func serve(t *testing.T, replies ...script) (*httptest.Server, *atomic.Int32, *request) {
	t.Helper()
	var calls atomic.Int32
	var got request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(calls.Add(1)) - 1
		if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" || r.Header.Get("Authorization") != "Bearer k" {
			http.Error(w, `{"error":{"message":"bad call"}}`, http.StatusBadRequest)
			return
		}
		_ = json.NewDecoder(r.Body).Decode(&got)
		s := replies[min(n, len(replies)-1)]
		select {
		case <-time.After(s.delay):
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(s.status)
		_, _ = w.Write([]byte(s.body))
	}))
	t.Cleanup(srv.Close)
	return srv, &calls, &got
}

const ok = `{"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Green bins are collected every other week [1]."},"finish_reason":"stop"}]}`

func client(url string) *Client {
	return &Client{BaseURL: url + "/v1", Model: "local", APIKey: "k", Timeout: 200 * time.Millisecond,
		Sleep: func(context.Context, time.Duration) {}}
}

func TestComplete(t *testing.T) {
	srv, calls, got := serve(t, script{200, ok, 0})
	reply, err := client(srv.URL).Complete(context.Background(), []Message{{Role: "user", Content: "green bin?"}})
	if err != nil || reply != "Green bins are collected every other week [1]." {
		t.Fatalf("reply %q, %v", reply, err)
	}
	if calls.Load() != 1 || got.Model != "local" || got.Temperature != 0 || got.Messages[0].Content != "green bin?" {
		t.Errorf("request %+v after %d calls", got, calls.Load())
	}
}

func TestCompleteErrors(t *testing.T) {
	tests := []struct {
		name    string
		replies []script
		kind    *fault.Kind
		calls   int32
	}{
		{"overloaded then ok", []script{{429, `{"error":{"message":"slow down"}}`, 0}, {200, ok, 0}}, nil, 2},
		{"server errors throughout", []script{{500, `oops`, 0}}, fault.Unavailable, 3},
		{"times out", []script{{200, ok, time.Second}}, fault.Unavailable, 3},
		{"refuses the request", []script{{400, `{"error":{"message":"context too long"}}`, 0}}, fault.Invalid, 1},
		{"not a completion", []script{{200, `{"choices":[]}`, 0}}, fault.Invalid, 1},
		{"not JSON", []script{{200, `<html>`, 0}}, fault.Invalid, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, calls, _ := serve(t, tt.replies...)
			_, err := client(srv.URL).Complete(context.Background(), []Message{{Role: "user", Content: "x"}})
			if tt.kind == nil && err != nil || tt.kind != nil && !errors.Is(err, tt.kind) {
				t.Errorf("error %v, want kind %v", err, tt.kind)
			}
			if calls.Load() != tt.calls {
				t.Errorf("%d calls, want %d", calls.Load(), tt.calls)
			}
		})
	}
}

func TestDailyLimit(t *testing.T) {
	srv, calls, _ := serve(t, script{200, ok, 0})
	day := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	c := client(srv.URL)
	c.DailyLimit, c.Now = 2, func() time.Time { return day }
	for range 2 {
		if _, err := c.Complete(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Complete(context.Background(), nil); !IsLimit(err) || !errors.Is(err, fault.TooMany) {
		t.Errorf("third call: %v, want the daily limit", err)
	}
	day = day.AddDate(0, 0, 1)
	if _, err := c.Complete(context.Background(), nil); err != nil {
		t.Errorf("next day: %v", err)
	}
	if calls.Load() != 3 {
		t.Errorf("%d calls reached the server, want 3", calls.Load())
	}
}
