package service

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

var transitionFields = []Question{
	{ID: "resolution", Type: TypeTextarea, Label: "Resolution", Validate: Validation{Required: true, MaxLength: 10}},
	{ID: "outcome", Type: TypeRadios, Label: "Outcome", Validate: Validation{Required: true},
		Options: []Option{{Value: "fixed", Label: "Fixed"}, {Value: "wontfix", Label: "Will not fix"}}},
	{ID: "fixed_on", Type: TypeDate, Label: "Date fixed"},
	{ID: "tags", Type: TypeCheckboxes, Label: "Tags", Options: []Option{{Value: "a", Label: "A"}, {Value: "b", Label: "B"}}},
}

// TestDecodeFields: a transition form's fields are decoded and validated
// with GOV.UK messages, an error for each wrong field in question order.
func TestDecodeFields(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		form       string
		wantErrFor []string // fields with an error, in order
		want       map[string]string
	}{
		{"all missing", "", []string{"resolution", "outcome"}, nil},
		{"complete", "resolution=+Filled+&outcome=fixed&fixed_on-day=2&fixed_on-month=11&fixed_on-year=2026&tags=a&tags=b",
			nil, map[string]string{"resolution": "Filled", "outcome": "fixed", "fixed_on": "2026-11-02", "tags": "a, b"}},
		{"choice not offered", "resolution=x&outcome=other", []string{"outcome"}, nil},
		{"too long", "resolution=12345678901&outcome=fixed", []string{"resolution"}, nil},
		{"impossible date", "resolution=x&outcome=fixed&fixed_on-day=31&fixed_on-month=2&fixed_on-year=2026", []string{"fixed_on"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form, _ := url.ParseQuery(tt.form)
			a, errs := DecodeFields(transitionFields, Form(form), now)
			var got []string
			for _, e := range errs {
				if e.Message == "" {
					t.Errorf("error for %s has no message", e.Field)
				}
				for _, q := range transitionFields {
					if e.Field == q.ID || strings.HasPrefix(e.Field, q.ID+"-") {
						got = append(got, q.ID)
					}
				}
			}
			if len(got) != len(tt.wantErrFor) {
				t.Fatalf("errors for %v, want %v (%v)", got, tt.wantErrFor, errs)
			}
			for i := range got {
				if got[i] != tt.wantErrFor[i] {
					t.Fatalf("errors for %v, want %v", got, tt.wantErrFor)
				}
			}
			for id, want := range tt.want {
				if s := a[id].String(); s != want {
					t.Errorf("%s = %q, want %q", id, s, want)
				}
			}
		})
	}
}
