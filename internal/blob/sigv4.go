package blob

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// AWS Signature Version 4, as S3 and every S3-compatible server (MinIO,
// SeaweedFS, Ceph, Garage) require it. It is about a hundred lines; an SDK
// would add tens of modules to the build for the five requests Guildhall
// makes (HEAD, PUT, GET, DELETE and ListObjectsV2).

const (
	sigAlgorithm = "AWS4-HMAC-SHA256"
	amzDate      = "20060102T150405Z"
	// emptySHA256 is the hash of no bytes: the payload hash of a GET.
	emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
)

// credentials sign requests for one region.
type credentials struct {
	accessKey, secretKey, region string
}

// sign adds x-amz-date, x-amz-content-sha256 and Authorization to req.
// payloadHash is the hex SHA-256 of the body (for a blob, its key).
func (c credentials) sign(req *http.Request, payloadHash string, now time.Time) {
	stamp := now.UTC().Format(amzDate)
	req.Header.Set("X-Amz-Date", stamp)
	req.Header.Set("X-Amz-Content-Sha256", payloadHash)
	names, canonHeaders := canonicalHeaders(req)
	canon := strings.Join([]string{
		req.Method, canonicalPath(req.URL), canonicalQuery(req.URL.Query()),
		canonHeaders, names, payloadHash,
	}, "\n")
	scope := stamp[:8] + "/" + c.region + "/s3/aws4_request"
	toSign := sigAlgorithm + "\n" + stamp + "\n" + scope + "\n" + hexSHA256([]byte(canon))
	sig := hex.EncodeToString(hmacSHA256(c.signingKey(stamp[:8]), toSign))
	req.Header.Set("Authorization", sigAlgorithm+" Credential="+c.accessKey+"/"+scope+
		", SignedHeaders="+names+", Signature="+sig)
}

func (c credentials) signingKey(day string) []byte {
	k := hmacSHA256([]byte("AWS4"+c.secretKey), day)
	k = hmacSHA256(k, c.region)
	k = hmacSHA256(k, "s3")
	return hmacSHA256(k, "aws4_request")
}

// canonicalHeaders signs host and every x-amz-* header, plus Range and
// Content-Type when present: names (";"-joined) and the canonical block.
func canonicalHeaders(req *http.Request) (string, string) {
	vals := map[string]string{"host": req.URL.Host}
	if req.Host != "" {
		vals["host"] = req.Host
	}
	for k, v := range req.Header {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "x-amz-") || lk == "range" || lk == "content-type" || lk == "content-md5" {
			vals[lk] = strings.Join(strings.Fields(strings.Join(v, ",")), " ")
		}
	}
	names := make([]string, 0, len(vals))
	for k := range vals {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, k := range names {
		b.WriteString(k + ":" + vals[k] + "\n")
	}
	return strings.Join(names, ";"), b.String()
}

// canonicalPath URI-encodes each segment of the path once (S3 does not
// double-encode, unlike the other AWS services).
func canonicalPath(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		return "/"
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if raw, err := url.PathUnescape(s); err == nil {
			segs[i] = uriEncode(raw)
		}
	}
	return strings.Join(segs, "/")
}

// canonicalQuery sorts the parameters and encodes names and values.
func canonicalQuery(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		vs := append([]string(nil), q[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			parts = append(parts, uriEncode(k)+"="+uriEncode(v))
		}
	}
	return strings.Join(parts, "&")
}

// uriEncode is SigV4's encoding: everything but A-Z a-z 0-9 - _ . ~ as %XX.
func uriEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + strings.ToUpper(hex.EncodeToString([]byte{c})))
	}
	return b.String()
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

func hexSHA256(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
