package service

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestExprEval(t *testing.T) {
	a := Answers{"likelihood": {Text: "4"}, "impact": {Text: "5"}, "text": {Text: "four"}}
	tests := []struct {
		src  string
		want string // "" when it cannot be computed
	}{
		{"likelihood * impact", "20"},
		{"(likelihood + 1) * -impact / 2", "-12.5"},
		{"0.1 + 0.2", "0.3"},
		{"likelihood / (impact - 5)", ""},
		{"likelihood * missing", ""},
		{"text + 1", ""},
	}
	for _, tt := range tests {
		if got := calculated(&Question{Calculate: tt.src}, a); got != tt.want {
			t.Errorf("%s = %q, want %q", tt.src, got, tt.want)
		}
	}
	for _, bad := range []string{"", "1 +", "(1", "a ** b", "1 % 2", "A"} {
		var ee *ExprError
		if _, err := ParseExpr(bad); !errors.As(err, &ee) {
			t.Errorf("ParseExpr(%q) = %v, want an *ExprError", bad, err)
		}
	}
}

// TestRiskScoreIsCalculated: the bundled risk register's score is
// likelihood × impact whatever the form or an API client says, so an
// officer cannot type a low score to escape the escalation page.
func TestRiskScoreIsCalculated(t *testing.T) {
	d := mustParse(t, "../../services/risk-register.yaml")
	p := page(t, d, "score")
	got, errs := d.DecodePageAt(p, Form{"likelihood": {"5"}, "impact": {"4"}, "score": {"1"}}, nil, today)
	if len(errs) > 0 || got["score"].Text != "20" {
		t.Fatalf("score = %q (%v), want 20", got["score"].Text, errs)
	}
	if next, ok := d.NextPage("score", got); !ok || next.ID != "escalation" {
		t.Errorf("a score of 20 does not lead to the escalation page")
	}
	typed := Answers{"likelihood": {Text: "5"}, "impact": {Text: "4"}, "score": {Text: "1"}}
	d.ValidateAllAt(typed, today)
	if typed["score"].Text != "20" {
		t.Errorf("the API kept a typed score %q", typed["score"].Text)
	}
	_, errs = d.DecodePageAt(p, Form{"score": {"9"}}, nil, today)
	want := FieldErrors{{"likelihood", "Enter the likelihood"}, {"impact", "Enter the impact"}, {"score", "Enter the likelihood and the impact"}}
	if !reflect.DeepEqual(errs, want) {
		t.Errorf("errors = %v, want %v", errs, want)
	}
}

// TestCheckCalculations: services check places every calculation problem
// at the file, line and column of the question id at fault.
func TestCheckCalculations(t *testing.T) {
	const file = "testdata/calculate/broken.yaml"
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Parse(file, src)
	var got []string
	var ps *Problems
	if errors.As(err, &ps) {
		for _, p := range *ps {
			got = append(got, strings.SplitN(p.String(), " (hint", 2)[0])
		}
	} else if d != nil {
		for _, p := range Check([]*Definition{d}) {
			got = append(got, strings.SplitN(p.String(), " (hint", 2)[0])
		}
	}
	want := []string{
		file + ":17:20: calculate of 'total' refers to unknown question 'likelyhood'; did you mean 'likelihood'?",
		file + ":17:33: calculate of 'total' refers to 'later', which is asked later",
		file + ":21:20: calculate of 'loop' refers to itself through 'loop': a cycle",
		file + ":25:35: calculate of 'bad': expected ')'",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestRules: an end date before its start date is refused beside the end
// date, on the page and through the API; Check refuses a rule comparing a
// date with a number.
func TestRules(t *testing.T) {
	d := &Definition{Pages: []Page{{ID: "when", Questions: []Question{
		{ID: "start", Type: TypeDate, Label: "Start"}, {ID: "end", Type: TypeDate, Label: "End"}, {ID: "n", Type: TypeNumber, Label: "N"}}}},
		Rules: []Rule{{Question: "end", After: "start", Message: "End date must be after the start date"}}}
	form := Form{"start-day": {"5"}, "start-month": {"3"}, "start-year": {"2026"}, "end-day": {"4"}, "end-month": {"3"}, "end-year": {"2026"}}
	_, errs := d.DecodePageAt(&d.Pages[0], form, nil, today)
	want := FieldErrors{{"end-day", "End date must be after the start date"}}
	if !reflect.DeepEqual(errs, want) {
		t.Errorf("page errors = %v, want %v", errs, want)
	}
	if errs := d.ValidateAllAt(Answers{"start": {Text: "2026-03-05"}, "end": {Text: "2026-03-04"}}, today); !reflect.DeepEqual(errs, want) {
		t.Errorf("API errors = %v, want %v", errs, want)
	}
	if errs := d.ValidateAllAt(Answers{"start": {Text: "2026-03-05"}, "end": {Text: "2026-03-06"}}, today); len(errs) > 0 {
		t.Errorf("a later end date refused: %v", errs)
	}
	d.Rules[0].After = "n"
	c := &checker{d: d}
	c.rules()
	if len(c.probs) != 1 || !strings.Contains(c.probs[0].Message, "rule compares 'end' (date) with 'n' (number)") {
		t.Errorf("problems = %v", c.probs)
	}
}
