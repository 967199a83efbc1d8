package blob

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// ParseS3URL reads a bucket's address from configuration:
//
//	s3://BUCKET[/PREFIX]?region=eu-west-2                     Amazon S3
//	s3://BUCKET[/PREFIX]?endpoint=http://10.0.0.9:9000        any S3-compatible server
//
// with addressing=virtual or addressing=path to override how the bucket is
// named (Amazon: virtual host; a given endpoint: path). Credentials are not
// part of the URL, so that it can be logged and printed. Errors are
// fault.Invalid and say what to write instead.
func ParseS3URL(raw string) (*S3, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "s3" || u.Host == "" {
		return nil, fault.New(fault.Invalid, "%q is not an s3://BUCKET/PREFIX?endpoint=…|region=… URL", raw)
	}
	q := u.Query()
	s := &S3{Bucket: u.Host, Region: q.Get("region"), Endpoint: q.Get("endpoint")}
	if p := strings.Trim(u.Path, "/"); p != "" {
		s.Prefix = p + "/"
	}
	for k := range q {
		if k != "region" && k != "endpoint" && k != "addressing" {
			return nil, fault.New(fault.Invalid, "%q: unknown parameter %q (use region, endpoint, addressing)", raw, k)
		}
	}
	switch {
	case s.Endpoint == "" && s.Region == "":
		return nil, fault.New(fault.Invalid, "%q: give region= (Amazon S3) or endpoint= (another S3 server)", raw)
	case s.Endpoint == "":
		s.Endpoint, s.VirtualHost = "https://s3."+s.Region+".amazonaws.com", true
	default:
		e, err := url.Parse(s.Endpoint)
		if err != nil || (e.Scheme != "http" && e.Scheme != "https") || e.Host == "" {
			return nil, fault.New(fault.Invalid, "%q: endpoint %q is not an http(s) URL", raw, s.Endpoint)
		}
	}
	switch q.Get("addressing") {
	case "":
	case "virtual":
		s.VirtualHost = true
	case "path":
		s.VirtualHost = false
	default:
		return nil, fault.New(fault.Invalid, "%q: addressing is virtual or path", raw)
	}
	return s, nil
}

// Ping lists at most one object, to find a wrong endpoint, bucket or key
// at start-up rather than at a resident's first upload.
func (s *S3) Ping(ctx context.Context) error {
	resp, err := s.do(ctx, http.MethodGet, "", url.Values{"list-type": {"2"}, "max-keys": {"1"}, "prefix": {s.Prefix}}, nil, 0, emptySHA256)
	if err != nil {
		return err
	}
	defer drain(resp)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("S3 bucket %s at %s: %w", s.Bucket, s.Endpoint, s.failure("list", s.Prefix, resp))
	}
	return nil
}
