package people

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// gazetteerColumns maps each Property field to the header names it is read
// from: OS AddressBase Plus names first, then common LLPG export names.
var gazetteerColumns = map[string][]string{
	"uprn":             {"UPRN"},
	"usrn":             {"USRN"},
	"parent_uprn":      {"PARENT_UPRN"},
	"sao_start_number": {"SAO_START_NUMBER"},
	"sao_start_suffix": {"SAO_START_SUFFIX"},
	"sao_end_number":   {"SAO_END_NUMBER"},
	"sao_end_suffix":   {"SAO_END_SUFFIX"},
	"sao_text":         {"SAO_TEXT"},
	"pao_start_number": {"PAO_START_NUMBER"},
	"pao_start_suffix": {"PAO_START_SUFFIX"},
	"pao_end_number":   {"PAO_END_NUMBER"},
	"pao_end_suffix":   {"PAO_END_SUFFIX"},
	"pao_text":         {"PAO_TEXT"},
	"street":           {"STREET_DESCRIPTION", "STREET_DESCRIPTOR", "STREET"},
	"locality":         {"LOCALITY", "LOCALITY_NAME"},
	"town":             {"TOWN_NAME", "TOWN", "POST_TOWN", "POSTTOWN"},
	"postcode":         {"POSTCODE_LOCATOR", "POSTCODE"},
	"x":                {"X_COORDINATE", "EASTING", "X"},
	"y":                {"Y_COORDINATE", "NORTHING", "Y"},
	"lat":              {"LATITUDE", "LAT"},
	"lon":              {"LONGITUDE", "LONG", "LON"},
	"status":           {"LPI_LOGICAL_STATUS", "LOGICAL_STATUS", "LOGICAL_STATUS_CODE"},
	"class":            {"CLASS", "CLASSIFICATION_CODE", "BLPU_CLASS"},
}

// Reject is an input row that was not loaded, and why.
type Reject struct {
	Line    int
	Problem string
}

// Error formats the reject as "line: problem"; callers prefix the file name.
func (r Reject) Error() string { return fmt.Sprintf("%d: %s", r.Line, r.Problem) }

// ReadGazetteer reads properties from a CSV in the shape of an OS
// AddressBase or LLPG export (header row; UPRN, BS 7666 SAO/PAO parts,
// street, locality, town, postcode, coordinates, logical status). Rows that
// fail validation are returned as rejects with their line numbers and the
// good rows are kept. The error is for a file that cannot be read at all.
// It holds the whole file; imports use ScanGazetteer, which holds one row.
func ReadGazetteer(r io.Reader) ([]Property, []Reject, error) {
	var props []Property
	var rejects []Reject
	err := ScanGazetteer(r, func(p Property) error {
		props = append(props, p)
		return nil
	}, func(rj Reject) { rejects = append(rejects, rj) })
	return props, rejects, err
}

// ScanGazetteer reads a gazetteer CSV as ReadGazetteer does, handing each
// good row to row and each bad one to reject, one row at a time. An error
// returned by row stops the scan and is returned.
func ScanGazetteer(r io.Reader, row func(Property) error, reject func(Reject)) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("gazetteer header: %w", err)
	}
	cols := gazetteerIndex(header)
	if _, ok := cols["uprn"]; !ok {
		return errors.New("gazetteer header has no UPRN column")
	}
	for {
		cells, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			reject(Reject{Line: line, Problem: err.Error()})
			continue
		}
		p, problem := parseProperty(func(f string) string { return cell(cells, cols, f) })
		if problem != "" {
			reject(Reject{Line: line, Problem: problem})
			continue
		}
		if err := row(p); err != nil {
			return err
		}
	}
}

func gazetteerIndex(header []string) map[string]int {
	at := map[string]int{}
	for i, h := range header {
		at[strings.ToUpper(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	cols := map[string]int{}
	for field, names := range gazetteerColumns {
		for _, n := range names {
			if i, ok := at[n]; ok {
				cols[field] = i
				break
			}
		}
	}
	return cols
}

func cell(row []string, cols map[string]int, field string) string {
	i, ok := cols[field]
	if !ok || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

// parseProperty builds and validates one row; problem says what is wrong.
func parseProperty(get func(string) string) (Property, string) {
	p := Property{UPRN: get("uprn"), USRN: get("usrn"), ParentUPRN: get("parent_uprn"),
		Street: get("street"), Locality: get("locality"), Town: get("town"), Classification: get("class")}
	if !digits(p.UPRN, 12) {
		return p, fmt.Sprintf("UPRN %q is not a number of 1 to 12 digits", p.UPRN)
	}
	if p.USRN != "" && !digits(p.USRN, 8) {
		return p, fmt.Sprintf("USRN %q is not a number of 1 to 8 digits", p.USRN)
	}
	if p.ParentUPRN != "" && !digits(p.ParentUPRN, 12) {
		return p, fmt.Sprintf("parent UPRN %q is not a number of 1 to 12 digits", p.ParentUPRN)
	}
	pc, ok := NormalisePostcode(get("postcode"))
	if !ok {
		return p, fmt.Sprintf("postcode %q is not a UK postcode", get("postcode"))
	}
	p.Postcode = pc
	var problem string
	p.SAO, problem = parseObject(get, "sao")
	if problem == "" {
		p.PAO, problem = parseObject(get, "pao")
	}
	if problem == "" {
		problem = parseCoordinates(get, &p)
	}
	if problem == "" {
		problem = parseStatus(get("status"), &p)
	}
	if problem == "" && p.PAO.Text == "" && p.PAO.StartNumber == 0 && p.Street == "" {
		problem = "the address has no PAO and no street"
	}
	return p, problem
}

func parseObject(get func(string) string, prefix string) (Object, string) {
	o := Object{StartSuffix: strings.ToUpper(get(prefix + "_start_suffix")), EndSuffix: strings.ToUpper(get(prefix + "_end_suffix")), Text: get(prefix + "_text")}
	for _, part := range []struct {
		name string
		dst  *int
	}{{"start_number", &o.StartNumber}, {"end_number", &o.EndNumber}} {
		v := get(prefix + "_" + part.name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 9999 {
			return o, fmt.Sprintf("%s %s %q is not a number from 0 to 9999", strings.ToUpper(prefix), strings.ReplaceAll(part.name, "_", " "), v)
		}
		*part.dst = n
	}
	return o, ""
}

func parseCoordinates(get func(string) string, p *Property) string {
	for _, c := range []struct {
		field    string
		dst      *float64
		min, max float64
	}{{"x", &p.X, 0, 700000}, {"y", &p.Y, 0, 1300000}, {"lat", &p.Lat, 49, 61}, {"lon", &p.Lon, -9, 2}} {
		v := get(c.field)
		if v == "" {
			continue
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < c.min || f > c.max {
			return fmt.Sprintf("%s %q is not a coordinate in Great Britain", strings.ToUpper(c.field), v)
		}
		*c.dst = f
	}
	return ""
}

func parseStatus(v string, p *Property) string {
	if v == "" {
		p.Status = StatusApproved
		return ""
	}
	n, err := strconv.Atoi(v)
	if err != nil || !LogicalStatus(n).Valid() {
		return fmt.Sprintf("logical status %q is not 1, 3, 6 or 8", v)
	}
	p.Status = LogicalStatus(n)
	return ""
}

// digits reports whether s is 1 to max ASCII digits.
func digits(s string, max int) bool {
	return len(s) > 0 && len(s) <= max && allDigits(s)
}
