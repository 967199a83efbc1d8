package auth

import (
	"strconv"

	"golang.org/x/crypto/argon2"
)

func argonKey(pw string, salt []byte, t, m uint32) []byte {
	return argon2.IDKey([]byte(pw), salt, t, m, 1, 32)
}

func itoa(n uint32) string { return strconv.FormatUint(uint64(n), 10) }
