package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// APIKey is a GOV.UK Notify API key, split into the parts the JWT needs.
type APIKey struct {
	Name      string
	ServiceID string
	Secret    string
}

// ParseAPIKey splits a key written {key_name}-{service_id}-{secret}. The name
// may itself contain hyphens, so the two 36-character UUIDs are taken from
// the end, as Notify's own clients do: the service id is characters
// [-73:-37] and the secret the last 36.
func ParseAPIKey(key string) (APIKey, error) {
	key = strings.TrimSpace(key)
	if len(key) < 74 || key[len(key)-37] != '-' || key[len(key)-74] != '-' {
		return APIKey{}, invalid("Notify API key is not {name}-{service id}-{secret}")
	}
	k := APIKey{
		Name:      key[:len(key)-74],
		ServiceID: key[len(key)-73 : len(key)-37],
		Secret:    key[len(key)-36:],
	}
	if !isUUID(k.ServiceID) || !isUUID(k.Secret) {
		return APIKey{}, invalid("Notify API key: service id or secret is not a UUID")
	}
	return k, nil
}

// isUUID checks the 8-4-4-4-12 hexadecimal shape.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
				return false
			}
		}
	}
	return true
}

var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"typ":"JWT","alg":"HS256"}`))

// Token returns a JWT for one request at now: HS256 over exactly the claims
// iss (the service id) and iat (seconds since the epoch), signed with the
// secret. Notify refuses a token whose iat is more than 30 s from its clock,
// so a token is made per request and never cached.
func (k APIKey) Token(now time.Time) string {
	claims, _ := json.Marshal(struct {
		Iss string `json:"iss"`
		Iat int64  `json:"iat"`
	}{k.ServiceID, now.Unix()})
	signing := jwtHeader + "." + base64.RawURLEncoding.EncodeToString(claims)
	return signing + "." + Sign(signing, k.Secret)
}

// Sign returns the base64url HMAC-SHA256 of a JWT's header.claims with secret.
func Sign(signingInput, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(signingInput))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// String names the key without its secret, so logging a key is safe.
func (k APIKey) String() string { return fmt.Sprintf("%s-%s-[secret]", k.Name, k.ServiceID) }
