package service

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

var monthNames = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// decodeDate reads the GOV.UK date input: <id>-day, <id>-month, <id>-year.
func decodeDate(q *Question, form Form, now time.Time) (Answer, FieldErrors) {
	parts := []string{"day", "month", "year"}
	vals := make([]string, 3)
	var missing []string
	for i, p := range parts {
		vals[i] = strings.Join(strings.Fields(first(form, q.ID+"-"+p)), "")
		if vals[i] == "" {
			missing = append(missing, p)
		}
	}
	switch len(missing) {
	case 3:
		return Answer{}, required(q, q.ID+"-day")
	case 0:
	default:
		return Answer{}, FieldErrors{{q.ID + "-" + missing[0], say(q, "%s must include a %s", thing(q.Label), dateParts(q, missing))}}
	}
	day, errD := strconv.Atoi(vals[0])
	month, errM := parseMonth(vals[1])
	year, errY := strconv.Atoi(vals[2])
	switch {
	case errY == nil && len(vals[2]) != 4:
		return Answer{}, FieldErrors{{q.ID + "-year", say(q, "Year must include 4 numbers")}}
	case errD != nil, errM != nil, errY != nil, !realDate(year, month, day):
		field := q.ID + "-day"
		if errD == nil && day >= 1 && day <= 31 {
			if errM != nil || month < 1 || month > 12 {
				field = q.ID + "-month"
			} else if errY != nil {
				field = q.ID + "-year"
			}
		}
		return Answer{}, FieldErrors{{field, say(q, "%s must be a real date", thing(q.Label))}}
	}
	date := fmt.Sprintf("%04d-%02d-%02d", year, month, day)
	return Answer{Text: date}, checkDate(q, date, now)
}

func parseMonth(s string) (int, error) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, nil
	}
	s = strings.ToLower(s)
	for i, m := range monthNames {
		if len(s) >= 3 && strings.HasPrefix(s, m) {
			return i + 1, nil
		}
	}
	return 0, fmt.Errorf("month %q", s)
}

func realDate(y, m, d int) bool {
	if y < 1000 || m < 1 || m > 12 || d < 1 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.UTC)
	return t.Day() == d && int(t.Month()) == m
}

// checkDate applies past/future to a YYYY-MM-DD answer; today counts as both.
func checkDate(q *Question, date string, now time.Time) FieldErrors {
	today := now.Format(time.DateOnly)
	switch {
	case q.Validate.Past && date > today:
		return FieldErrors{{q.ID + "-day", say(q, "%s must be today or in the past", thing(q.Label))}}
	case q.Validate.Future && date < today:
		return FieldErrors{{q.ID + "-day", say(q, "%s must be today or in the future", thing(q.Label))}}
	}
	return nil
}

// decodeAddress reads the GOV.UK address pattern's fields.
func decodeAddress(q *Question, form Form, _ time.Time) (Answer, FieldErrors) {
	f := func(p string) string { return collapseSpace(first(form, q.ID+"-"+p)) }
	a := &Address{Line1: f("line1"), Line2: f("line2"), Town: f("town"), Postcode: f("postcode"), UPRN: f("uprn")}
	if *a == (Address{}) {
		return Answer{}, required(q, q.ID+"-line1")
	}
	var errs FieldErrors
	if a.Line1 == "" {
		errs = append(errs, FieldError{q.ID + "-line1", say(q, "Enter address line 1, typically the building and street")})
	}
	if a.Town == "" {
		errs = append(errs, FieldError{q.ID + "-town", say(q, "Enter town or city")})
	}
	if a.Postcode == "" {
		errs = append(errs, FieldError{q.ID + "-postcode", say(q, "Enter postcode")})
	} else if pc, err := NormalisePostcode(a.Postcode); err != nil {
		errs = append(errs, FieldError{q.ID + "-postcode", say(q, "Enter a real postcode")})
	} else {
		a.Postcode = pc
	}
	for _, line := range []string{a.Line1, a.Line2, a.Town} {
		if len(line) > 200 {
			errs = append(errs, FieldError{q.ID + "-line1", say(q, "Address lines must be 200 characters or less")})
			break
		}
	}
	if a.UPRN != "" && !isUPRN(a.UPRN) {
		errs = append(errs, FieldError{q.ID + "-line1", say(q, "Select the address again")})
	}
	return Answer{Address: a}, errs
}

// isUPRN reports whether s looks like a Unique Property Reference Number:
// up to 12 digits.
func isUPRN(s string) bool {
	if len(s) == 0 || len(s) > 12 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// The UK and its waters, generously: a point outside is a slip of the map.
const minLat, maxLat, minLng, maxLng = 49.5, 61.0, -8.9, 2.1

// decodeLocation reads a place: a description, a map point, a UPRN, or several.
func decodeLocation(q *Question, form Form, _ time.Time) (Answer, FieldErrors) {
	f := func(p string) string { return strings.TrimSpace(first(form, q.ID+"-"+p)) }
	// USRN and Place are the gazetteer's (the front door snaps the point);
	// they travel with the answer so a draft and its submission keep them.
	l := &Location{Description: collapseSpace(f("description")), UPRN: f("uprn"), USRN: f("usrn"), Place: collapseSpace(f("place"))}
	lat, lng := f("lat"), f("lng")
	if l.Description == "" && l.UPRN == "" && lat == "" && lng == "" {
		return Answer{}, required(q, q.ID+"-description")
	}
	var errs FieldErrors
	if lat != "" || lng != "" {
		la, err1 := strconv.ParseFloat(lat, 64)
		ln, err2 := strconv.ParseFloat(lng, 64)
		if err1 != nil || err2 != nil || la < minLat || la > maxLat || ln < minLng || ln > maxLng {
			errs = append(errs, FieldError{q.ID + "-description", say(q, "Choose a point in the UK on the map, or describe the location")})
		} else {
			l.Lat, l.Lng = &la, &ln
		}
	}
	if l.USRN != "" && (len(l.USRN) > 8 || !isUPRN(l.USRN)) || len(l.Place) > 300 {
		l.USRN, l.Place = "", "" // not the gazetteer's: dropped, never shown
	}
	if l.UPRN != "" && !isUPRN(l.UPRN) {
		errs = append(errs, FieldError{q.ID + "-description", say(q, "Select the address again, or describe the location")})
		l.UPRN = ""
	}
	if len(l.Description) > 500 {
		errs = append(errs, FieldError{q.ID + "-description", say(q, "Description of the location must be %d characters or less", 500)})
	}
	if errs == nil && q.Validate.MaxLength > 0 && len([]rune(l.Description)) > q.Validate.MaxLength {
		errs = append(errs, FieldError{q.ID + "-description", say(q, "Description of the location must be %d characters or less", q.Validate.MaxLength)})
	}
	return Answer{Location: l}, errs
}
