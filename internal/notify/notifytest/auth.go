package notifytest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math"
	"net/http"
	"strings"
)

// errorBody is Notify's v2 error shape.
func errorBody(status int, kind, message string) map[string]any {
	return map[string]any{"status_code": status, "errors": []map[string]string{{"error": kind, "message": message}}}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func authError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, errorBody(status, "AuthError", message))
}

// authed checks the bearer token as Notify does, then applies the injected
// failures and the rate limit, then calls h with the token's claims.
func (s *Server) authed(h func(http.ResponseWriter, *http.Request, map[string]any)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		claims, status, msg := s.checkToken(r.Header.Get("Authorization"))
		if status != 0 {
			authError(w, status, msg)
			return
		}
		if s.takeFailure() {
			writeJSON(w, http.StatusInternalServerError, errorBody(500, "Exception", "Internal server error"))
			return
		}
		if !s.allow() {
			writeJSON(w, http.StatusTooManyRequests, errorBody(429, "RateLimitError",
				s.rateLimitMessage()))
			return
		}
		h(w, r, claims)
	}
}

// checkToken returns the claims, or a status and Notify's message.
func (s *Server) checkToken(header string) (map[string]any, int, string) {
	if header == "" {
		return nil, 401, "Unauthorized: authentication token must be provided"
	}
	if len(header) < 7 || !strings.EqualFold(header[:7], "Bearer ") {
		return nil, 401, "Unauthorized: authentication bearer scheme must be used"
	}
	parts := strings.Split(header[7:], ".")
	if len(parts) != 3 {
		return nil, 403, "Invalid token: signature, api token is not valid"
	}
	var head map[string]any
	var claims map[string]any
	if decodeSegment(parts[0], &head) != nil || decodeSegment(parts[1], &claims) != nil {
		return nil, 403, "Invalid token: signature, api token is not valid"
	}
	iss, _ := claims["iss"].(string)
	if iss == "" {
		return nil, 403, "Invalid token: iss field not provided"
	}
	if iss != s.ServiceID {
		return nil, 403, "Invalid token: service not found"
	}
	if head["alg"] != "HS256" {
		return nil, 403, "Invalid token: algorithm used is not HS256"
	}
	mac := hmac.New(sha256.New, []byte(s.Secret))
	mac.Write([]byte(parts[0] + "." + parts[1]))
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, mac.Sum(nil)) {
		return nil, 403, "Invalid token: signature, api token is not valid"
	}
	iat, ok := claims["iat"].(float64)
	if !ok {
		return nil, 403, "Invalid token: iat field not provided"
	}
	if math.Abs(float64(s.clock().Unix())-iat) > 30 {
		return nil, 403, "Error: Your system clock must be accurate to within 30 seconds"
	}
	return claims, 0, ""
}

func decodeSegment(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
