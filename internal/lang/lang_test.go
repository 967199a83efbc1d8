package lang

import (
	"testing"
	"time"
)

func TestFormatWritesWelshDates(t *testing.T) {
	at := time.Date(2026, time.July, 3, 13, 4, 0, 0, time.UTC) // 2:04pm in London (BST)
	cases := []struct {
		l      Tag
		layout string
		want   string
	}{
		{English, DateLayout, "3 July 2026"},
		{Welsh, DateLayout, "3 Gorffennaf 2026"},
		{Welsh, DayDateLayout, "Dydd Gwener 3 Gorffennaf 2026"},
		{Welsh, DateTimeLayout, "3 Gorffennaf 2026 am 2:04yp"},
		{Welsh, TimeDayDateLayout, "2:04yp ddydd Gwener 3 Gorffennaf 2026"},
		{English, TimeDayDateLayout, "2:04pm on Friday 3 July 2026"},
	}
	for _, c := range cases {
		if got := c.l.Format(at, c.layout); got != c.want {
			t.Errorf("%s.Format(%q) = %q, want %q", c.l, c.layout, got, c.want)
		}
	}
	morning := time.Date(2026, time.December, 1, 9, 30, 0, 0, time.UTC)
	if got := Welsh.Format(morning, DateTimeLayout); got != "1 Rhagfyr 2026 am 9:30yb" {
		t.Errorf("morning = %q", got)
	}
	if got := Welsh.Format(time.Time{}, DateLayout); got != "" {
		t.Errorf("zero time = %q", got)
	}
	day := time.Date(2026, time.March, 31, 0, 0, 0, 0, time.UTC)
	if got := Welsh.FormatDay(day, DateLayout); got != "31 Mawrth 2026" {
		t.Errorf("FormatDay = %q", got)
	}
}

func TestFromAcceptLanguage(t *testing.T) {
	cases := map[string]Tag{
		"":                        English,
		"cy":                      Welsh,
		"cy-GB,cy;q=0.9,en;q=0.8": Welsh,
		"en-GB,en;q=0.9,cy;q=0.8": English,
		"fr-FR, cy;q=0.5":         Welsh,
		"en;q=0.2, cy;q=0.7":      Welsh,
		"cy;q=0":                  English,
		"de":                      English,
		"CY":                      Welsh,
		"cy;q=nonsense, en":       English,
	}
	for h, want := range cases {
		if got := FromAcceptLanguage(h); got != want {
			t.Errorf("FromAcceptLanguage(%q) = %q, want %q", h, got, want)
		}
	}
}

func TestCatalogueFallsBackToEnglish(t *testing.T) {
	c := Catalogue{"Continue": "Parhau", "%s must be %d characters or less": "Rhaid i'r ateb fod yn %[2]d nod neu lai"}
	if got := c.Sprintf(Welsh, "Continue"); got != "Parhau" {
		t.Errorf("Welsh = %q", got)
	}
	if got := c.Sprintf(English, "Continue"); got != "Continue" {
		t.Errorf("English = %q", got)
	}
	if got := c.Sprintf(Welsh, "Back"); got != "Back" {
		t.Errorf("missing = %q", got)
	}
	if got := c.Sprintf(Welsh, "%s must be %d characters or less", "Name", 20); got != "Rhaid i'r ateb fod yn 20 nod neu lai" {
		t.Errorf("dropped argument = %q", got)
	}
	if got := c.Missing([]string{"Continue", "Back"}); len(got) != 1 || got[0] != "Back" {
		t.Errorf("Missing = %v", got)
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]Tag{"cy": Welsh, "cy-GB": Welsh, "EN": English, " en-gb ": English} {
		if got, ok := Parse(in); !ok || got != want {
			t.Errorf("Parse(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := Parse("fr"); ok {
		t.Error("Parse(fr) is ok")
	}
	if Tag("").Or() != English || Tag("cy").Or() != Welsh || Welsh.Other() != English || English.Name() != "English" {
		t.Error("Or/Other/Name")
	}
}
