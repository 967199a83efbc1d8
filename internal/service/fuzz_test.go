package service

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

// Seed corpora live in testdata/fuzz/<FuzzName>; `make fuzz` (or
// go test -fuzz=FuzzParse ./internal/service) explores from them.

func FuzzParse(f *testing.F) {
	for _, name := range []string{"testdata/valid/every-type.yaml", "testdata/broken/workflow.yaml", "testdata/broken/syntax.yaml"} {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		d, err := Parse("fuzz.yaml", src)
		if err != nil {
			var ps *Problems
			if !errors.As(err, &ps) || len(*ps) == 0 {
				t.Fatalf("error is not a non-empty *Problems: %T %v", err, err)
			}
			for _, p := range *ps {
				if p.File != "fuzz.yaml" || p.Message == "" || p.Line < 0 || p.Col < 0 {
					t.Fatalf("malformed problem %#v", p)
				}
			}
			return
		}
		// A definition that parsed cleanly passes Check again and can take
		// an empty submission without panicking.
		if probs := Check([]*Definition{d}); len(probs) != 0 {
			t.Fatalf("Parse accepted what Check refuses: %v", probs)
		}
		d.ValidateAllAt(Answers{}, today)
		if p, ok := d.FirstPage(nil); ok {
			d.DecodePageAt(p, Form{}, nil, today)
		}
	})
}

// FuzzDecodePage checks that whatever the form holds, DecodePage does not
// panic, and answers it accepts are accepted again unchanged by ValidateAll:
// the pages and the API apply the same rules.
func FuzzDecodePage(f *testing.F) {
	d := mustParse(f, "testdata/valid/every-type.yaml")
	f.Add("Ada", "10", "12", "1815", "ada@example.com", "07700 900123", "LS1 1UR", "3", "pothole", "yes", "53.8", "-1.55")
	f.Add(" ", "31", "2", "2023", "a@b", "+44 (0)20 7946 0000", "sw1a1aa", "1,000", "sign", "no", "", "")
	f.Add("x", "0", "feb", "99", "@", "0", "GIR0AA", "NaN", "", "maybe", "91", "181")
	f.Fuzz(func(t *testing.T, name, day, month, year, email, phone, postcode, count, kind, urgent, lat, lng string) {
		form := Form{
			"full_name": {name}, "dob-day": {day}, "dob-month": {month}, "dob-year": {year},
			"email": {email}, "phone": {phone}, "home-line1": {name}, "home-town": {name}, "home-postcode": {postcode},
			"postcode": {postcode}, "count": {count}, "kind": {kind}, "sizes": {kind, "small"}, "council": {kind},
			"urgent": {urgent}, "danger": {name}, "ref": {name}, "place-lat": {lat}, "place-lng": {lng}, "place-description": {name},
		}
		answers := Answers{}
		var all FieldErrors
		for i := range d.Pages {
			var errs FieldErrors
			answers, errs = d.DecodePageAt(&d.Pages[i], form, answers, today)
			all = append(all, errs...)
			for _, e := range errs {
				if e.Field == "" || e.Message == "" || strings.ContainsAny(e.Message[:1], "abcdefghijklmnopqrstuvwxyz") {
					t.Fatalf("malformed error %#v", e)
				}
			}
		}
		if len(all) > 0 {
			return
		}
		again := Answers{}
		for k, v := range answers {
			again[k] = v
		}
		if errs := d.ValidateAllAt(again, today); len(errs) > 0 {
			if errs.Get("picture") != "" && len(errs) == 1 {
				return // the file question is not answered by the form
			}
			t.Fatalf("DecodePage accepted %#v but ValidateAll says %v", answers, errs)
		}
		if !reflect.DeepEqual(again, d.VisibleAnswers(answers)) {
			t.Fatalf("ValidateAll changed accepted answers:\n%#v\n%#v", answers, again)
		}
	})
}

func FuzzNormalisePostcode(f *testing.F) {
	for _, s := range []string{"sw1a1aa", " M1 1AE ", "GIR0AA", "SW1A", "ec1a 1bb", "W1A 0AX", "𝟙"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := NormalisePostcode(s)
		if err != nil {
			if out != "" {
				t.Fatalf("error with output %q", out)
			}
			return
		}
		if again, err := NormalisePostcode(out); err != nil || again != out {
			t.Fatalf("not idempotent: %q → %q → %q, %v", s, out, again, err)
		}
		if len(out) < 6 || len(out) > 8 || strings.Count(out, " ") != 1 || strings.ToUpper(out) != out {
			t.Fatalf("%q → %q: not a formatted postcode", s, out)
		}
	})
}

func FuzzNormalisePhone(f *testing.F) {
	for _, s := range []string{"07700900123", "+44 (0)20 7946 0000", "0044 121 496 0000", "+33 1 23 45 67 89", "999", "+"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := NormalisePhone(s)
		if err != nil {
			return
		}
		if again, err := NormalisePhone(out); err != nil || again != out {
			t.Fatalf("not idempotent: %q → %q → %q, %v", s, out, again, err)
		}
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, out)
		if strings.HasPrefix(out, "0") && (len(digits) < 10 || len(digits) > 11) {
			t.Fatalf("%q → %q: wrong length", s, out)
		}
	})
}

func FuzzNormaliseEmail(f *testing.F) {
	for _, s := range []string{"Name@Example.COM", "a@b.co", "@", "a@b", "x@y..uk"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := NormaliseEmail(s)
		if err != nil {
			return
		}
		if again, err := NormaliseEmail(out); err != nil || again != out {
			t.Fatalf("not idempotent: %q → %q → %q, %v", s, out, again, err)
		}
		if strings.Count(out, "@") < 1 || strings.ContainsAny(out, " \t\n") {
			t.Fatalf("%q → %q", s, out)
		}
	})
}
