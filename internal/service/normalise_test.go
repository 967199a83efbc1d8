package service

import (
	"errors"
	"testing"
)

func TestNormalisePostcode(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{"sw1a1aa", "SW1A 1AA", nil},
		{" SW1A   1AA ", "SW1A 1AA", nil},
		{"m11ae", "M1 1AE", nil},
		{"B33 8TH", "B33 8TH", nil},
		{"cr2 6xh", "CR2 6XH", nil},
		{"DN55 1PT", "DN55 1PT", nil},
		{"gir 0aa", "GIR 0AA", nil},
		{"", "", ErrPostcodeEmpty},
		{"   ", "", ErrPostcodeEmpty},
		{"SW1A", "", ErrPostcodeInvalid},
		{"12345", "", ErrPostcodeInvalid},
		{"SW1A 1AAA", "", ErrPostcodeInvalid},
		{"SW1A 1CA", "", ErrPostcodeInvalid}, // C is never an inward letter
		{"SW1A-1AA", "", ErrPostcodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormalisePostcode(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) {
				t.Fatalf("NormalisePostcode(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestNormalisePhone(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{"07700900123", "07700 900123", nil},
		{"+44 7700 900123", "07700 900123", nil},
		{"0044 (0)7700-900-123", "07700 900123", nil},
		{"+44 (0) 20 7946 0000", "020 7946 0000", nil},
		{"0121 496 0000", "0121 496 0000", nil},
		{"01632 960001", "01632 960001", nil},
		{"0808 157 0192", "0808 157 0192", nil},
		{"+33 1 23 45 67 89", "+33123456789", nil},
		{"", "", ErrPhoneEmpty},
		{"0770090012", "07700 90012", nil}, // ten-digit numbers exist (some 01 areas)
		{"077009001234", "", ErrPhoneInvalid},
		{"7700900123", "", ErrPhoneInvalid},
		{"phone me", "", ErrPhoneInvalid},
		{"00700900123", "+700900123", nil}, // 00 is the international prefix
		{"+0123456789", "", ErrPhoneInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormalisePhone(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) {
				t.Fatalf("NormalisePhone(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestNormaliseEmail(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{"Name@Example.COM", "Name@example.com", nil},
		{"  a.b+c@council.gov.uk ", "a.b+c@council.gov.uk", nil},
		{"", "", ErrEmailEmpty},
		{"name", "", ErrEmailInvalid},
		{"name@", "", ErrEmailInvalid},
		{"@example.com", "", ErrEmailInvalid},
		{"name@example", "", ErrEmailInvalid},
		{"na me@example.com", "", ErrEmailInvalid},
		{"name@exa_mple.com", "", ErrEmailInvalid},
		{"name..x@example.com", "", ErrEmailInvalid},
		{"name@example.c", "", ErrEmailInvalid},
		{"name@-example.com", "", ErrEmailInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormaliseEmail(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) {
				t.Fatalf("NormaliseEmail(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestIsUKMobile(t *testing.T) {
	for in, want := range map[string]bool{
		"+44 7700 900123": true, "07700900123": true,
		"020 7946 0000": false, "0121 496 0000": false, "0808 157 0192": false,
		"07000 123456": false, // 070 numbers are personal numbers, not mobiles
		"0770090012":   false, // too short for a mobile
		"+33612345678": false,
	} {
		n, err := NormalisePhone(in)
		if err != nil {
			t.Fatalf("NormalisePhone(%q): %v", in, err)
		}
		if got := IsUKMobile(n); got != want {
			t.Errorf("IsUKMobile(%q) = %v, want %v", n, got, want)
		}
	}
}
