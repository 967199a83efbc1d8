package open311

import (
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// Limits on a request, so that a client cannot make the server hold a lot.
const (
	maxFormBytes   = 64 << 10 // form fields, not files
	maxAttributes  = 200
	maxValueBytes  = 10 << 10
	maxMediaURLs   = 10
	maxPhotos      = 10
	MaxPhotoBytes  = 10 << 20 // MaxPhotoBytes is the largest photo accepted.
	maxTotalUpload = maxPhotos*MaxPhotoBytes + maxFormBytes
)

// Request is a decoded POST requests.{fmt}: the fields GeoReport v2 defines,
// the attributes by code, and any uploaded photos.
type Request struct {
	APIKey         string
	JurisdictionID string
	ServiceCode    string
	// Lat and Long are both set or both nil.
	Lat, Long     *float64
	AddressString string
	AddressID     string
	Email         string
	DeviceID      string
	AccountID     string
	FirstName     string
	LastName      string
	Phone         string
	Description   string
	MediaURLs     []string
	// Attributes holds attribute[code] (and attribute[code][] for
	// multivaluelist) by code, values in the order sent.
	Attributes map[string][]string
	Photos     []Photo
}

// Photo is one uploaded file (photo1…photoN or file_<key>).
type Photo struct {
	Field    string
	Filename string
	Data     []byte
}

// HasLocation reports whether the request names a place in one of the three
// ways the spec allows.
func (r *Request) HasLocation() bool {
	return r.Lat != nil || r.AddressString != "" || r.AddressID != ""
}

// DecodeError is a problem with a request, reported as an Open311 error with code 400.
type DecodeError struct{ Messages []string }

// Error lists the problems.
func (e *DecodeError) Error() string { return strings.Join(e.Messages, "; ") }

func (e *DecodeError) add(format string, args ...any) {
	e.Messages = append(e.Messages, fmt.Sprintf(format, args...))
}

var attrKey = regexp.MustCompile(`^attribute\[([A-Za-z0-9_.:-]{1,100})\](\[\])?$`)

var uploadField = regexp.MustCompile(`^(photo[0-9]{1,2}|file_[A-Za-z0-9_]{1,50})$`)

// DecodeRequest reads a POST requests body, form-encoded or multipart, as
// FixMyStreet and the spec's examples send it. It checks syntax only (a
// service code, one form of location, numbers in range); what the service's
// questions require is checked by the case service. It returns *DecodeError
// for anything the client got wrong.
func DecodeRequest(contentType string, body io.Reader) (Request, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return Request{}, &DecodeError{Messages: []string{"Content-Type must be application/x-www-form-urlencoded or multipart/form-data"}}
	}
	switch mt {
	case "application/x-www-form-urlencoded":
		form, err := readForm(body)
		if err != nil {
			return Request{}, err
		}
		return fromForm(form, nil)
	case "multipart/form-data":
		return readMultipart(body, params["boundary"])
	}
	return Request{}, &DecodeError{Messages: []string{"Content-Type must be application/x-www-form-urlencoded or multipart/form-data"}}
}

func readForm(body io.Reader) (url.Values, error) {
	b, err := io.ReadAll(io.LimitReader(body, maxFormBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxFormBytes {
		return nil, &DecodeError{Messages: []string{"request body too large"}}
	}
	form, err := url.ParseQuery(string(b))
	if err != nil {
		return nil, &DecodeError{Messages: []string{"malformed form body"}}
	}
	return form, nil
}

func readMultipart(body io.Reader, boundary string) (Request, error) {
	if boundary == "" {
		return Request{}, &DecodeError{Messages: []string{"multipart body without boundary"}}
	}
	mr := multipart.NewReader(io.LimitReader(body, maxTotalUpload), boundary)
	form := url.Values{}
	var photos []Photo
	formBytes := 0
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Request{}, &DecodeError{Messages: []string{"malformed multipart body"}}
		}
		name := part.FormName()
		if part.FileName() != "" || uploadField.MatchString(name) {
			p, err := readPhoto(part, name)
			if err != nil {
				return Request{}, err
			}
			if p != nil {
				if len(photos) == maxPhotos {
					return Request{}, &DecodeError{Messages: []string{fmt.Sprintf("at most %d photos", maxPhotos)}}
				}
				photos = append(photos, *p)
			}
			continue
		}
		v, err := io.ReadAll(io.LimitReader(part, maxValueBytes+1))
		if err != nil || len(v) > maxValueBytes {
			return Request{}, &DecodeError{Messages: []string{"field " + name + " too large or unreadable"}}
		}
		if formBytes += len(v) + len(name); formBytes > maxFormBytes {
			return Request{}, &DecodeError{Messages: []string{"request body too large"}}
		}
		form.Add(name, string(v))
	}
	return fromForm(form, photos)
}

// readPhoto reads one upload; an empty part (a browser's unused file input)
// is skipped.
func readPhoto(part *multipart.Part, name string) (*Photo, error) {
	if !uploadField.MatchString(name) {
		return nil, &DecodeError{Messages: []string{fmt.Sprintf("unexpected file field %q (use photo1…photoN)", name)}}
	}
	data, err := io.ReadAll(io.LimitReader(part, MaxPhotoBytes+1))
	if err != nil {
		return nil, &DecodeError{Messages: []string{"unreadable upload " + name}}
	}
	if len(data) > MaxPhotoBytes {
		return nil, &DecodeError{Messages: []string{fmt.Sprintf("%s is larger than %d MB", name, MaxPhotoBytes>>20)}}
	}
	if len(data) == 0 {
		return nil, nil
	}
	return &Photo{Field: name, Filename: part.FileName(), Data: data}, nil
}

// fromForm builds a Request from form fields, collecting every problem.
func fromForm(form url.Values, photos []Photo) (Request, error) {
	r := Request{Attributes: map[string][]string{}, Photos: photos}
	var e DecodeError
	for k, vs := range form {
		for _, v := range vs {
			if len(v) > maxValueBytes {
				e.add("%s is too long", k)
			}
		}
		if m := attrKey.FindStringSubmatch(k); m != nil {
			r.Attributes[m[1]] = append(r.Attributes[m[1]], trimAll(vs)...)
		} else if strings.HasPrefix(k, "attribute") {
			e.add("malformed attribute key %q (want attribute[code])", k)
		}
	}
	if len(r.Attributes) > maxAttributes {
		e.add("too many attributes")
	}
	get := func(k string) string { return strings.TrimSpace(form.Get(k)) }
	r.APIKey, r.JurisdictionID, r.ServiceCode = get("api_key"), get("jurisdiction_id"), get("service_code")
	r.AddressString, r.AddressID = get("address_string"), get("address_id")
	r.Email, r.DeviceID, r.AccountID = get("email"), get("device_id"), get("account_id")
	r.FirstName, r.LastName, r.Phone = get("first_name"), get("last_name"), get("phone")
	r.Description = strings.TrimSpace(strings.ReplaceAll(form.Get("description"), "\r\n", "\n"))
	r.MediaURLs = mediaURLs(append(form["media_url"], form["media_url[]"]...), &e)
	r.Lat, r.Long = coordinates(get("lat"), get("long"), &e)
	if r.ServiceCode == "" {
		e.add("service_code is required")
	}
	if !r.HasLocation() && len(e.Messages) == 0 {
		e.add("a location is required: lat and long, address_string or address_id")
	}
	if len(e.Messages) > 0 {
		return Request{}, &e
	}
	return r, nil
}

func coordinates(lat, long string, e *DecodeError) (*float64, *float64) {
	if lat == "" && long == "" {
		return nil, nil
	}
	if lat == "" || long == "" {
		e.add("lat and long must be sent together")
		return nil, nil
	}
	la, err1 := strconv.ParseFloat(lat, 64)
	lo, err2 := strconv.ParseFloat(long, 64)
	switch {
	case err1 != nil || err2 != nil || math.IsNaN(la) || math.IsNaN(lo):
		e.add("lat and long must be decimal degrees (WGS84)")
	case la < -90 || la > 90 || lo < -180 || lo > 180:
		e.add("lat must be within ±90 and long within ±180")
	default:
		return &la, &lo
	}
	return nil, nil
}

// mediaURLs keeps http(s) URLs. They are recorded, never fetched: fetching a
// caller's URL from the server would be a server-side request forgery.
func mediaURLs(vs []string, e *DecodeError) []string {
	var out []string
	for _, v := range trimAll(vs) {
		if v == "" {
			continue
		}
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			e.add("media_url %q is not an http(s) URL", v)
			continue
		}
		out = append(out, v)
	}
	if len(out) > maxMediaURLs {
		e.add("at most %d media_url values", maxMediaURLs)
	}
	return out
}

func trimAll(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = strings.TrimSpace(v)
	}
	return out
}
