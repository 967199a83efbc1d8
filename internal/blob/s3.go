package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// S3 keeps blobs in a bucket of Amazon S3 or any server speaking its REST
// API, under Prefix + "ab/abcdef…" (the layout of Local), so that several
// nodes share one store of documents.
type S3 struct {
	// Endpoint is the server's base URL, e.g. https://s3.eu-west-2.amazonaws.com
	// or http://127.0.0.1:9000.
	Endpoint string
	Bucket   string
	// Prefix is prepended to every object name ("" or ending in "/").
	Prefix string
	Region string
	// AccessKey and SecretKey sign every request (Signature Version 4).
	AccessKey, SecretKey string
	// VirtualHost addresses the bucket as a host name (bucket.endpoint-host),
	// as AWS prefers; otherwise in the path (endpoint/bucket/…), as MinIO,
	// SeaweedFS and most self-hosted servers expect.
	VirtualHost bool
	// Client sends the requests; http.DefaultClient when nil.
	Client *http.Client
	// Now is the clock for signatures; time.Now when nil.
	Now func() time.Time
}

// spoolInMemory is the largest upload held in memory while its hash is
// checked; a larger one goes to a temporary file first (the request needs
// its length and hash before the first byte is sent).
const spoolInMemory = 8 << 20

// Put stores r under key unless the object exists. The bytes must hash to
// key (fault.Invalid otherwise, and nothing is sent); the server checks the
// hash again, since it is the signed x-amz-content-sha256.
func (s *S3) Put(ctx context.Context, key string, r io.Reader) error {
	name, err := s.object(key)
	if err != nil {
		return err
	}
	body, size, cleanup, err := spool(r, key)
	if err != nil {
		return err
	}
	defer cleanup()
	if ok, err := s.exists(ctx, name); err != nil || ok {
		return err
	}
	resp, err := s.do(ctx, http.MethodPut, name, nil, body, size, key)
	if err != nil {
		return err
	}
	defer drain(resp)
	if resp.StatusCode != http.StatusOK {
		return s.failure("put", key, resp)
	}
	return nil
}

// PutBytes stores b and returns its key.
func (s *S3) PutBytes(ctx context.Context, b []byte) (string, error) {
	key := Key(b)
	return key, s.Put(ctx, key, bytes.NewReader(b))
}

// Open returns the blob's bytes, or fault.NotFound.
func (s *S3) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	name, err := s.object(key)
	if err != nil {
		return nil, fault.Wrap(fault.NotFound, err, "blob")
	}
	resp, err := s.do(ctx, http.MethodGet, name, nil, nil, 0, emptySHA256)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusNotFound {
		drain(resp)
		return nil, fault.New(fault.NotFound, "blob %s", key)
	}
	if resp.StatusCode != http.StatusOK {
		defer drain(resp)
		return nil, s.failure("get", key, resp)
	}
	return resp.Body, nil
}

// Delete removes the blob; a missing blob is not an error.
func (s *S3) Delete(ctx context.Context, key string) error {
	name, err := s.object(key)
	if err != nil {
		return err
	}
	resp, err := s.do(ctx, http.MethodDelete, name, nil, nil, 0, emptySHA256)
	if err != nil {
		return err
	}
	defer drain(resp)
	if resp.StatusCode != http.StatusNoContent && resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNotFound {
		return s.failure("delete", key, resp)
	}
	return nil
}

// Walk calls fn with every stored key, a page of ListObjectsV2 at a time.
func (s *S3) Walk(ctx context.Context, fn func(key string) error) error {
	token := ""
	for {
		page, err := s.list(ctx, token)
		if err != nil {
			return err
		}
		for _, o := range page.Contents {
			if k := path.Base(o.Key); ValidKey(k) && strings.HasPrefix(o.Key, s.Prefix) {
				if err := fn(k); err != nil {
					return err
				}
			}
		}
		if !page.IsTruncated || page.NextContinuationToken == "" {
			return nil
		}
		token = page.NextContinuationToken
	}
}

// listPage is the part of a ListObjectsV2 answer Walk reads.
type listPage struct {
	Contents []struct {
		Key string `xml:"Key"`
	} `xml:"Contents"`
	IsTruncated           bool   `xml:"IsTruncated"`
	NextContinuationToken string `xml:"NextContinuationToken"`
}

func (s *S3) list(ctx context.Context, token string) (listPage, error) {
	q := url.Values{"list-type": {"2"}, "prefix": {s.Prefix}}
	if token != "" {
		q.Set("continuation-token", token)
	}
	var page listPage
	resp, err := s.do(ctx, http.MethodGet, "", q, nil, 0, emptySHA256)
	if err != nil {
		return page, err
	}
	defer drain(resp)
	if resp.StatusCode != http.StatusOK {
		return page, s.failure("list", s.Prefix, resp)
	}
	if err := xml.NewDecoder(resp.Body).Decode(&page); err != nil {
		return page, fmt.Errorf("blob list: %w", err)
	}
	return page, nil
}

// exists asks with HEAD whether the object is stored: documents are
// content-addressed, so one already there need not be sent again.
func (s *S3) exists(ctx context.Context, name string) (bool, error) {
	resp, err := s.do(ctx, http.MethodHead, name, nil, nil, 0, emptySHA256)
	if err != nil {
		return false, err
	}
	drain(resp)
	switch resp.StatusCode {
	case http.StatusOK:
		return true, nil
	case http.StatusNotFound:
		return false, nil
	}
	return false, s.failure("head", path.Base(name), resp)
}

// object is the object name of key: Prefix + "ab/abcdef…".
func (s *S3) object(key string) (string, error) {
	if !ValidKey(key) {
		return "", fault.New(fault.Invalid, "blob key %q is not a sha256 content address", key)
	}
	return s.Prefix + key[:2] + "/" + key, nil
}

// do sends one signed request for object name (or the bucket, when name
// is "").
func (s *S3) do(ctx context.Context, method, name string, q url.Values, body io.Reader, size int64, payloadHash string) (*http.Response, error) {
	u, err := s.url(name, q)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, err
	}
	req.ContentLength = size
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	credentials{accessKey: s.AccessKey, secretKey: s.SecretKey, region: s.region()}.sign(req, payloadHash, now())
	client := s.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fault.Wrap(fault.Unavailable, err, "blob store")
	}
	return resp, nil
}

// url addresses name in the bucket, path-style or virtual-host style.
func (s *S3) url(name string, q url.Values) (string, error) {
	base, err := url.Parse(strings.TrimRight(s.Endpoint, "/"))
	if err != nil || base.Host == "" {
		return "", fmt.Errorf("blob: S3 endpoint %q is not a URL", s.Endpoint)
	}
	if s.VirtualHost {
		base.Host = s.Bucket + "." + base.Host
		base.Path += "/" + name
	} else {
		base.Path += "/" + s.Bucket + "/" + name
	}
	base.RawQuery = q.Encode()
	return base.String(), nil
}

func (s *S3) region() string {
	if s.Region == "" {
		return "us-east-1" // what S3-compatible servers expect when none is set
	}
	return s.Region
}

// failure turns an unexpected answer into an error carrying S3's own code
// (AccessDenied, NoSuchBucket …), which is what an operator needs to see.
func (s *S3) failure(op, key string, resp *http.Response) error {
	var e struct {
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	_ = xml.Unmarshal(b, &e)
	kind := fault.Unavailable
	if resp.StatusCode == http.StatusBadRequest && strings.Contains(e.Code, "Digest") {
		kind = fault.Invalid
	}
	return fault.New(kind, "blob %s %s in bucket %s: %s %s %s", op, key, s.Bucket, resp.Status, e.Code, e.Message)
}

// spool reads r whole, checking that it hashes to key, and returns it with
// its length, in memory when small and in a temporary file when not.
func spool(r io.Reader, key string) (io.Reader, int64, func(), error) {
	sum := sha256.New()
	var mem bytes.Buffer
	n, err := io.Copy(io.MultiWriter(&mem, sum), io.LimitReader(r, spoolInMemory+1))
	if err != nil {
		return nil, 0, nil, fmt.Errorf("blob read: %w", err)
	}
	if n <= spoolInMemory {
		if got := hex.EncodeToString(sum.Sum(nil)); got != key {
			return nil, 0, nil, fault.New(fault.Invalid, "blob bytes hash to %s, not to the key %s", got, key)
		}
		return bytes.NewReader(mem.Bytes()), n, func() {}, nil
	}
	return spoolFile(io.MultiReader(&mem, r), key)
}

func spoolFile(r io.Reader, key string) (io.Reader, int64, func(), error) {
	f, err := os.CreateTemp("", "guildhall-blob-*")
	if err != nil {
		return nil, 0, nil, fmt.Errorf("blob spool: %w", err)
	}
	cleanup := func() { f.Close(); os.Remove(f.Name()) }
	sum := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, sum), r)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		cleanup()
		return nil, 0, nil, fmt.Errorf("blob spool: %w", err)
	}
	if got := hex.EncodeToString(sum.Sum(nil)); got != key {
		cleanup()
		return nil, 0, nil, fault.New(fault.Invalid, "blob bytes hash to %s, not to the key %s", got, key)
	}
	return f, n, cleanup, nil
}

// drain reads what is left of a body so the connection can be reused.
func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
}
