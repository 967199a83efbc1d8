package blob

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestSignatureMatchesAWSExamples signs the worked examples of Amazon's S3
// Signature Version 4 documentation (bucket examplebucket, us-east-1, the
// documented example credentials, 24 May 2013) and expects the signatures
// printed there. The in-process S3 server the other tests use does not check
// signatures, so these vectors are what proves the signing.
func TestSignatureMatchesAWSExamples(t *testing.T) {
	c := credentials{accessKey: "AKIAIOSFODNN7EXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1"}
	at := time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name, url, rng, headers, sig string
	}{
		{"GET object with a range", "https://examplebucket.s3.amazonaws.com/test.txt", "bytes=0-9",
			"host;range;x-amz-content-sha256;x-amz-date", "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"},
		{"GET bucket lifecycle", "https://examplebucket.s3.amazonaws.com/?lifecycle", "",
			"host;x-amz-content-sha256;x-amz-date", "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"},
		{"list objects", "https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J", "",
			"host;x-amz-content-sha256;x-amz-date", "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest("GET", tt.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.rng != "" {
				req.Header.Set("Range", tt.rng)
			}
			c.sign(req, emptySHA256, at)
			want := "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=" + tt.headers + ", Signature=" + tt.sig
			if got := req.Header.Get("Authorization"); got != want {
				t.Errorf("Authorization:\n got %s\nwant %s", got, want)
			}
		})
	}
}

func TestURIEncode(t *testing.T) {
	for in, want := range map[string]string{"abc-_.~": "abc-_.~", "a b": "a%20b", "a/b": "a%2Fb", "$": "%24", "é": "%C3%A9"} {
		if got := uriEncode(in); got != want {
			t.Errorf("uriEncode(%q) = %q, want %q", in, got, want)
		}
	}
	if got := canonicalQuery(map[string][]string{"prefix": {"ab/"}, "list-type": {"2"}}); !strings.HasPrefix(got, "list-type=2&prefix=ab%2F") {
		t.Errorf("canonicalQuery = %q", got)
	}
}
