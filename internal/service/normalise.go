package service

import (
	"errors"
	"regexp"
	"strings"
	"unicode"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// collapseSpace trims s and turns each run of white space into one space.
func collapseSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// Postcode errors.
var (
	ErrPostcodeEmpty   = errors.New("enter a postcode")
	ErrPostcodeInvalid = errors.New("enter a real postcode, like SW1A 1AA")
)

// postcodeForm is the shape of every UK postcode (outward code, then a digit
// and two letters), written without its space; GIR 0AA is Girobank's.
var postcodeForm = regexp.MustCompile(`^(?:[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][ABD-HJLNP-UW-Z]{2}|GIR0AA)$`)

// NormalisePostcode returns a UK postcode in capitals with one space before
// the inward code: " sw1a1aa " → "SW1A 1AA". It checks the shape, not that
// the postcode exists.
func NormalisePostcode(s string) (string, error) {
	s = strings.ToUpper(strings.Join(strings.FieldsFunc(s, unicode.IsSpace), ""))
	if s == "" {
		return "", ErrPostcodeEmpty
	}
	if len(s) > 8 || !postcodeForm.MatchString(s) {
		return "", ErrPostcodeInvalid
	}
	return s[:len(s)-3] + " " + s[len(s)-3:], nil
}

// Phone errors.
var (
	ErrPhoneEmpty   = errors.New("enter a telephone number")
	ErrPhoneInvalid = errors.New("enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192")
)

// NormalisePhone returns a UK number in national form, spaced as people
// write it ("07700 900123", "020 7946 0000", "0808 157 0192"), whether it was
// given as 07700900123, +44 7700 900123, 0044 (0)7700-900-123 …; a number
// outside the UK is kept as "+" and its digits.
func NormalisePhone(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ErrPhoneEmpty
	}
	s = strings.Replace(s, "(0)", "", 1)
	intl := strings.HasPrefix(s, "+")
	var digits strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case strings.ContainsRune(" -().+/", r):
		default:
			return "", ErrPhoneInvalid
		}
	}
	d := digits.String()
	if strings.HasPrefix(d, "00") && !intl {
		d, intl = d[2:], true
	}
	if intl {
		if !strings.HasPrefix(d, "44") {
			if len(d) < 8 || len(d) > 15 || d[0] == '0' {
				return "", ErrPhoneInvalid
			}
			return "+" + d, nil
		}
		d = "0" + d[2:]
	}
	if len(d) < 10 || len(d) > 11 || d[0] != '0' || d[1] == '0' {
		return "", ErrPhoneInvalid
	}
	return spacePhone(d), nil
}

// IsUKMobile reports whether a number NormalisePhone returned is a UK
// mobile (07, other than the 070 personal numbers), the only numbers
// GOV.UK Notify texts without an international allowance.
func IsUKMobile(normalised string) bool {
	d := strings.ReplaceAll(normalised, " ", "")
	return len(d) == 11 && strings.HasPrefix(d, "07") && !strings.HasPrefix(d, "070")
}

// spacePhone groups a national number the way Ofcom's number plan does.
func spacePhone(d string) string {
	switch {
	case len(d) == 10:
		return d[:5] + " " + d[5:]
	case d[1] == '2':
		return d[:3] + " " + d[3:7] + " " + d[7:]
	case d[1] == '1' && (d[2] == '1' || d[3] == '1'), d[1] == '3', d[1] == '8', d[1] == '9':
		return d[:4] + " " + d[4:7] + " " + d[7:]
	}
	return d[:5] + " " + d[5:]
}

// Email errors. Pages show their public message (fault.Public) as the
// field's error, so it is written as GOV.UK error messages are.
var (
	ErrEmailEmpty   = fault.New(fault.Invalid, "Enter an email address")
	ErrEmailInvalid = fault.New(fault.Invalid, "Enter an email address in the correct format, like name@example.com")
)

var (
	emailLocal = regexp.MustCompile(`^[A-Za-z0-9.!#$%&'*+/=?^_{|}~-]+$`)
	emailLabel = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)
)

// NormaliseEmail trims an address and lower-cases its domain (the local part
// is the mail server's business). It checks the shape GOV.UK Notify accepts:
// one @, a local part, and a domain with a dot and a top-level domain.
func NormaliseEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ErrEmailEmpty
	}
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || len(s) > 254 || at > 64 {
		return "", ErrEmailInvalid
	}
	local, domain := s[:at], strings.ToLower(s[at+1:])
	if !emailLocal.MatchString(local) || strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.Contains(local, "..") {
		return "", ErrEmailInvalid
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return "", ErrEmailInvalid
	}
	for _, l := range labels {
		if len(l) > 63 || !emailLabel.MatchString(l) {
			return "", ErrEmailInvalid
		}
	}
	if tld := labels[len(labels)-1]; len(tld) < 2 || strings.Trim(tld, "0123456789") == "" {
		return "", ErrEmailInvalid
	}
	return local + "@" + domain, nil
}
