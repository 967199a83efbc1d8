package frontdoor_test

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// A valid answer for each question type, generated from the definition so
// that every bundled public service can be driven through its journey.

// textCandidates are tried in order against a text question's pattern and lengths.
var textCandidates = []string{"Sam Resident", "12345678", "AB12 CDE", "CC1234", "Details given for the test"}

// validForm returns the form fields that answer q validly on the day now.
func validForm(q *service.Question, now time.Time) url.Values {
	v := url.Values{}
	id := q.ID
	switch q.Type {
	case service.TypeDate:
		d := dateFor(q, now)
		v.Set(id+"-day", strconv.Itoa(d.Day()))
		v.Set(id+"-month", strconv.Itoa(int(d.Month())))
		v.Set(id+"-year", strconv.Itoa(d.Year()))
	case service.TypeAddress:
		v.Set(id+"-line1", "1 High Street")
		v.Set(id+"-town", "Guildtown")
		v.Set(id+"-postcode", "SW1A 1AA")
	case service.TypeLocation:
		v.Set(id+"-description", "Outside 12 Station Road, by the bus stop")
	case service.TypeRadios, service.TypeSelect, service.TypeCheckboxes:
		v.Set(id, q.Options[0].Value)
	case service.TypeYesNo:
		v.Set(id, "yes") // "yes" opens show_if branches, so more is exercised
	case service.TypeEmail:
		v.Set(id, "sam.resident@example.org")
	case service.TypePhone:
		v.Set(id, "07700 900123")
	case service.TypePostcode:
		v.Set(id, "SW1A 1AA")
	case service.TypeNumber:
		n := 1.0
		if q.Validate.Min != nil {
			n = *q.Validate.Min
		}
		v.Set(id, strconv.FormatFloat(n, 'f', -1, 64))
	case service.TypeFile:
		// uploaded separately: see fileFor
	default:
		v.Set(id, textFor(q))
	}
	return v
}

func dateFor(q *service.Question, now time.Time) time.Time {
	if q.Validate.Future {
		return now.AddDate(0, 2, 0)
	}
	return now.AddDate(0, -1, 0)
}

func textFor(q *service.Question) string {
	for _, c := range textCandidates {
		if q.Type == service.TypeTextarea && q.Validate.MinLength > len(c) {
			c = strings.Repeat(c+" ", q.Validate.MinLength/len(c)+1)
		}
		if q.Validate.MaxLength > 0 && len(c) > q.Validate.MaxLength {
			continue
		}
		if q.Validate.Pattern != "" && !regexp.MustCompile(q.Validate.Pattern).MatchString(c) {
			continue
		}
		return c
	}
	panic(fmt.Sprintf("no test value fits question %s (pattern %q)", q.ID, q.Validate.Pattern))
}

// tinyPNG is a valid 1×1 PNG; tinyPDF starts as a PDF does.
var (
	tinyPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")
	tinyPDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
)

// fileFor returns a small file of a type the question accepts.
func fileFor(q *service.Question) (name string, body []byte) {
	if len(q.Accept) == 0 || slices.Contains(q.Accept, service.MIMEPNG) {
		return "photo.png", tinyPNG
	}
	if slices.Contains(q.Accept, service.MIMEPDF) {
		return "letter.pdf", tinyPDF
	}
	return "notes.txt", []byte("Plain text notes for the test.\n")
}

// publicServices are the bundled services residents can use.
func publicServices(cat *service.Catalog) []*service.Definition {
	return cat.For(service.AudiencePublic)
}
