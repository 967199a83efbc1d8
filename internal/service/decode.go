package service

import (
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Form is posted form values by field name, as net/url.Values holds them.
type Form = map[string][]string

// DecodePage reads one page's form fields, normalises and validates them.
//
// Fields are named by question id; a date is <id>-day, <id>-month, <id>-year
// (the GOV.UK date input); an address <id>-line1, -line2, -town, -postcode,
// -uprn; a location <id>-description, -lat, -lng, -uprn; checkboxes repeat
// <id>. File questions are not read here: the web layer stores the upload and
// sets the answer's File in prior before calling DecodePage.
//
// It returns prior updated with this page: each visible question's answer set,
// or removed when left blank, and hidden questions' answers removed. When
// there are errors the answers hold what was typed, for showing the page
// again; do not keep them. Errors are in the order of the fields.
func (d *Definition) DecodePage(page *Page, form Form, prior Answers) (Answers, FieldErrors) {
	return d.DecodePageAt(page, form, prior, time.Now())
}

// DecodePageAt is DecodePage with today's date given, for past/future rules.
func (d *Definition) DecodePageAt(page *Page, form Form, prior Answers, now time.Time) (Answers, FieldErrors) {
	out := maps.Clone(prior)
	if out == nil {
		out = Answers{}
	}
	var errs FieldErrors
	for i := range page.Questions {
		q := &page.Questions[i]
		if !d.QuestionVisible(q, out) {
			delete(out, q.ID)
			continue
		}
		if q.Type == TypeFile {
			if out[q.ID].File == nil && q.Validate.Required {
				errs = append(errs, FieldError{q.ID, requiredMessage(q)})
			}
			continue
		}
		a, fe := decodeQuestion(q, form, now)
		if q.Calculate != "" { // computed from the answers, whatever was posted
			a, fe = checkAnswer(q, Answer{Text: calculated(q, out)}, now)
		}
		if a.IsEmpty() {
			delete(out, q.ID)
		} else {
			out[q.ID] = a
		}
		errs = append(errs, fe...)
	}
	if len(errs) == 0 { // compare answers only once each is right on its own
		errs = d.ruleErrors(pageIDs(page), out)
	}
	return out, errs
}

func pageIDs(p *Page) map[string]bool {
	ids := make(map[string]bool, len(p.Questions))
	for _, q := range p.Questions {
		ids[q.ID] = true
	}
	return ids
}

// decodeText reads a one-field answer: text, textarea, number, email,
// phone, postcode, and the single choices (radios, select, yes/no, team).
func decodeText(q *Question, form Form, _ time.Time) (Answer, FieldErrors) {
	raw := first(form, q.ID)
	if q.Type != TypeTextarea {
		raw = collapseSpace(raw)
	} else {
		raw = strings.TrimSpace(strings.ReplaceAll(raw, "\r\n", "\n"))
	}
	if raw == "" {
		return Answer{}, required(q, q.ID)
	}
	text, msg := normaliseText(q, raw)
	if msg == "" {
		msg = checkText(q, text)
	}
	if msg != "" {
		return Answer{Text: raw}, FieldErrors{{q.ID, msg}}
	}
	return Answer{Text: text}, nil
}

func required(q *Question, field string) FieldErrors {
	if !q.Validate.Required {
		return nil
	}
	return FieldErrors{{field, requiredMessage(q)}}
}

func first(form Form, key string) string {
	if v := form[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// normaliseText puts a one-field answer into its stored form, or says why it
// cannot be.
func normaliseText(q *Question, raw string) (string, string) {
	var err error
	var s string
	switch q.Type {
	case TypeEmail:
		if s, err = NormaliseEmail(raw); err != nil {
			return "", say(q, "Enter an email address in the correct format, like name@example.com")
		}
	case TypePhone:
		if s, err = NormalisePhone(raw); err != nil {
			return "", say(q, "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192")
		}
		if q.Validate.Mobile && !IsUKMobile(s) {
			return "", say(q, "Enter a UK mobile number, like 07700 900 982, so that we can send you text messages")
		}
	case TypePostcode:
		if s, err = NormalisePostcode(raw); err != nil {
			return "", say(q, "Enter a real postcode")
		}
	case TypeNumber:
		return normaliseNumber(q, raw)
	case TypeRadios, TypeSelect, TypeYesNo:
		if !slices.Contains(q.optionValues(), raw) {
			return "", requiredMessage(q)
		}
		return raw, ""
	default:
		return raw, ""
	}
	return s, ""
}

func normaliseNumber(q *Question, raw string) (string, string) {
	clean := strings.NewReplacer(",", "", "£", "", " ", "").Replace(raw)
	v, err := strconv.ParseFloat(clean, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return "", say(q, "%s must be a number", thing(q.Label))
	}
	if q.Validate.WholeNumber && v != math.Trunc(v) {
		return "", say(q, "%s must be a whole number", thing(q.Label))
	}
	min, max := q.Validate.Min, q.Validate.Max
	switch {
	case min != nil && max != nil && (v < *min || v > *max):
		return "", say(q, "%s must be between %s and %s", thing(q.Label), num(*min), num(*max))
	case min != nil && v < *min:
		return "", say(q, "%s must be %s or more", thing(q.Label), num(*min))
	case max != nil && v > *max:
		return "", say(q, "%s must be %s or less", thing(q.Label), num(*max))
	}
	return num(v), ""
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// patterns caches compiled patterns; Check has refused any that do not compile.
var (
	patterns   = map[string]*regexp.Regexp{}
	patternsMu sync.Mutex
)

func compilePattern(p string) *regexp.Regexp {
	patternsMu.Lock()
	defer patternsMu.Unlock()
	if re, ok := patterns[p]; ok {
		return re
	}
	re, err := regexp.Compile(p)
	if err != nil {
		re = nil
	}
	patterns[p] = re
	return re
}

// checkText applies the length and pattern rules to a normalised answer.
func checkText(q *Question, s string) string {
	v := q.Validate
	n := utf8.RuneCountInString(s)
	switch {
	case v.MaxLength > 0 && n > v.MaxLength:
		return say(q, "%s must be %d characters or less", thing(q.Label), v.MaxLength)
	case v.MinLength > 0 && n < v.MinLength:
		return say(q, "%s must be %d characters or more", thing(q.Label), v.MinLength)
	}
	if v.Pattern != "" {
		if re := compilePattern(v.Pattern); re != nil && !re.MatchString(s) {
			if v.PatternMessage != "" {
				return v.PatternMessage
			}
			return say(q, "Enter %s in the correct format", subject(q.Label))
		}
	}
	return ""
}

func decodeCheckboxes(q *Question, form Form, _ time.Time) (Answer, FieldErrors) {
	var picked []string
	allowed := q.optionValues()
	for _, v := range form[q.ID] {
		v = strings.TrimSpace(v)
		if v == "" || slices.Contains(picked, v) {
			continue
		}
		if !slices.Contains(allowed, v) {
			return Answer{}, FieldErrors{{q.ID, requiredMessage(q)}}
		}
		picked = append(picked, v)
	}
	if len(picked) == 0 {
		return Answer{}, required(q, q.ID)
	}
	// Keep the options' order, whatever order the browser sent.
	slices.SortFunc(picked, func(a, b string) int { return slices.Index(allowed, a) - slices.Index(allowed, b) })
	return Answer{Choices: picked}, nil
}
