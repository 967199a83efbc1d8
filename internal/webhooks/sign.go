package webhooks

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// Header names carried by every delivery.
const (
	HeaderSignature = "Guildhall-Signature"
	HeaderEventID   = "Guildhall-Event-Id"
	HeaderEventType = "Guildhall-Event-Type"
	HeaderDelivery  = "Guildhall-Delivery-Attempt"
)

// DefaultTolerance is how old a signature's timestamp may be before Verify
// refuses it; it bounds how long a captured delivery can be replayed.
const DefaultTolerance = 5 * time.Minute

// Sign returns the Guildhall-Signature header value for body sent at t:
// "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<unix seconds>.<body>">". The
// timestamp is inside the MAC so that an old delivery cannot be replayed with a
// fresh time.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + mac(secret, ts, body)
}

func mac(secret, ts string, body []byte) string {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(ts))
	h.Write([]byte{'.'})
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// Verify checks a Guildhall-Signature header against body as a receiver would:
// the MAC must match (compared in constant time) and the timestamp must be
// within tolerance of now. Several v1 values are allowed, so that a secret can
// be rotated. It returns an error of kind fault.Unauthenticated when the
// signature does not hold.
func Verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	ts, sigs, err := parseSignature(header)
	if err != nil {
		return err
	}
	unix, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fault.New(fault.Unauthenticated, "webhook signature: bad timestamp %q", ts)
	}
	if age := now.Sub(time.Unix(unix, 0)); age > tolerance || age < -tolerance {
		return fault.New(fault.Unauthenticated, "webhook signature: timestamp outside tolerance (%s)", age.Round(time.Second))
	}
	want := mac(secret, ts, body)
	for _, s := range sigs {
		if hmac.Equal([]byte(s), []byte(want)) {
			return nil
		}
	}
	return fault.New(fault.Unauthenticated, "webhook signature: no v1 signature matches")
}

func parseSignature(header string) (ts string, sigs []string, err error) {
	for _, part := range strings.Split(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		switch k {
		case "t":
			ts = v
		case "v1":
			sigs = append(sigs, v)
		}
	}
	if ts == "" || len(sigs) == 0 {
		return "", nil, fault.Wrap(fault.Unauthenticated, errMalformed, fmt.Sprintf("webhook signature %q", header))
	}
	return ts, sigs, nil
}

var errMalformed = errors.New("want t=<unix>,v1=<hex>")
