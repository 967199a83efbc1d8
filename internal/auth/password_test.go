package auth

import (
	"errors"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

func TestHashPasswordRoundTrip(t *testing.T) {
	t.Parallel()
	h, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q does not record argon2id parameters", h)
	}
	h2, _ := HashPassword("correct horse battery staple")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: salt missing")
	}
	tests := []struct {
		name, hash, password string
		want                 bool
	}{
		{"right", h, "correct horse battery staple", true},
		{"wrong", h, "correct horse battery stapler", false},
		{"empty", h, "", false},
		{"other params still verify", mustHashWith(t, "pw", 8*1024, 1), "pw", true},
		{"not argon2id", "$argon2i$v=19$m=8,t=1,p=1$AAAA$AAAA", "pw", false},
		{"garbage", "plain-text-password", "plain-text-password", false},
		{"absurd memory refused", "$argon2id$v=19$m=99999999,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "x", false},
	}
	for _, tt := range tests {
		if got := CheckPassword(tt.hash, tt.password); got != tt.want {
			t.Errorf("%s: CheckPassword = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// mustHashWith builds a hash with other parameters, as an older release might have.
func mustHashWith(t *testing.T, pw string, m, tm uint32) string {
	t.Helper()
	h, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(h, "$")
	salt, _ := b64.DecodeString(parts[4])
	key := argonKey(pw, salt, tm, m)
	parts[3] = "m=" + itoa(m) + ",t=" + itoa(tm) + ",p=1"
	parts[5] = b64.EncodeToString(key)
	return strings.Join(parts, "$")
}

func TestCheckNewPassword(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		pw, email string
		ok        bool
	}{
		{"short", "", false},
		{"twelve chars", "", true},
		{"Me@Example.gov.uk", "me@example.gov.uk", false},
		{strings.Repeat("a", 257), "", false},
	} {
		err := CheckNewPassword(tt.pw, tt.email)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, fault.Invalid)) {
			t.Errorf("CheckNewPassword(%q) = %v, want ok=%v", tt.pw, err, tt.ok)
		}
	}
}

// BenchmarkHashPassword measures one argon2id hash (and so one sign-in's
// password check) with the default parameters.
func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}
