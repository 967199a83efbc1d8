package auth

import (
	"encoding/base32"
	"strings"
	"testing"
	"time"
)

// RFC 6238 appendix B, SHA-1 rows, last six digits of each eight-digit code.
func TestTOTPCodeRFC6238Vectors(t *testing.T) {
	t.Parallel()
	secret := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte("12345678901234567890"))
	for _, tt := range []struct {
		unix int64
		want string
	}{
		{59, "287082"},
		{1111111109, "081804"},
		{1111111111, "050471"},
		{1234567890, "005924"},
		{2000000000, "279037"},
		{20000000000, "353130"},
	} {
		got, err := TOTPCode(secret, TOTPStep(time.Unix(tt.unix, 0)))
		if err != nil || got != tt.want {
			t.Errorf("T=%d: got %q, %v; want %s", tt.unix, got, err, tt.want)
		}
	}
}

func TestVerifyTOTP(t *testing.T) {
	t.Parallel()
	secret, err := NewTOTPSecret()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 9, 0, 10, 0, time.UTC)
	step := TOTPStep(now)
	code := func(s int64) string { c, _ := TOTPCode(secret, s); return c }
	tests := []struct {
		name     string
		code     string
		lastStep int64
		ok       bool
	}{
		{"current", code(step), 0, true},
		{"with spaces", code(step)[:3] + " " + code(step)[3:], 0, true},
		{"previous step (drift)", code(step - 1), 0, true},
		{"next step (drift)", code(step + 1), 0, true},
		{"two steps old", code(step - 2), 0, false},
		{"replayed", code(step), step, false},
		{"wrong", "000000", 0, code(step) == "000000"},
		{"too short", "12345", 0, false},
	}
	for _, tt := range tests {
		if _, ok := VerifyTOTP(secret, tt.code, now, tt.lastStep); ok != tt.ok {
			t.Errorf("%s: ok=%v want %v", tt.name, ok, tt.ok)
		}
	}
}

func TestTOTPURI(t *testing.T) {
	t.Parallel()
	uri := TOTPURI("Guildhall Borough Council", "a.b@example.gov.uk", "JBSWY3DPEHPK3PXP")
	for _, want := range []string{"otpauth://totp/Guildhall%20Borough%20Council:a.b@example.gov.uk?", "secret=JBSWY3DPEHPK3PXP", "issuer=Guildhall+Borough+Council", "period=30"} {
		if !strings.Contains(uri, want) {
			t.Errorf("URI %q lacks %q", uri, want)
		}
	}
	if g := GroupKey("JBSWY3DPEHPK3PXP"); g != "JBSW Y3DP EHPK 3PXP" {
		t.Errorf("GroupKey = %q", g)
	}
}
