package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// Argon2id parameters for new hashes: OWASP's first recommended setting
// (19 MiB, 2 passes, 1 lane). Each hash records its own parameters, so these
// can be raised later without invalidating stored passwords.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// MinPasswordLength follows NCSC guidance: length over complexity rules.
const MinPasswordLength = 12

var b64 = base64.RawStdEncoding

// hashing bounds how many argon2id hashes run at once: each takes 19 MiB, so
// a burst of sign-ins queues here instead of exhausting memory.
var hashing = make(chan struct{}, 2*runtime.NumCPU())

func idKey(password string, salt []byte, t, m uint32, p uint8, n uint32) []byte {
	hashing <- struct{}{}
	defer func() { <-hashing }()
	return argon2.IDKey([]byte(password), salt, t, m, p, n)
}

// HashPassword returns an argon2id hash in PHC string form:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>.
func HashPassword(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := idKey(password, salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches the PHC hash, comparing in
// constant time. A malformed hash never matches.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return false
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<22 || t > 64 {
		return false
	}
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 || len(want) > 128 {
		return false
	}
	got := idKey(password, salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when no account matches, so that an unknown
// email address takes as long to refuse as a wrong password.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("guildhall-no-such-account")
	return h
})

// CheckNewPassword says what is wrong with a password a person chose, as a
// fault.Invalid error, or nil.
func CheckNewPassword(password, email string) error {
	switch {
	case len([]rune(password)) < MinPasswordLength:
		return fault.New(fault.Invalid, "Password must be %d characters or more", MinPasswordLength)
	case len(password) > 256:
		return fault.New(fault.Invalid, "Password must be 256 characters or fewer")
	case email != "" && strings.EqualFold(password, email):
		return fault.New(fault.Invalid, "Password must not be your email address")
	}
	return nil
}
