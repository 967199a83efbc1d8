package api

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestJSONProblem: a client is told what is wrong with its own JSON, exactly,
// and never the decoder's internals.
func TestJSONProblem(t *testing.T) {
	var v struct {
		Version int `json:"version"`
	}
	for _, tc := range []struct{ body, want string }{
		{`{"version":1,"admin":true}`, `unknown field "admin"`},
		{`{"version":"two"}`, `field "version" must be int, not string`},
		{`{"version":1,}`, "invalid JSON at byte 14"},
		{`{"version":`, "the body ends before the JSON does"},
	} {
		dec := json.NewDecoder(strings.NewReader(tc.body))
		dec.DisallowUnknownFields()
		if got := jsonProblem(dec.Decode(&v)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.body, got, tc.want)
		}
	}
}
