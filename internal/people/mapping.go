package people

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Mapping declares how the columns of an import CSV become person records:
//
//	source: council-tax            # the source name (overridden by --source)
//	key: account_ref               # column with the row's stable id in that source
//	observed_at: {column: updated, format: "2006-01-02"}   # optional
//	fields:
//	  given_name: {column: forename}
//	  family_name: {column: surname, required: true}
//	  date_of_birth: {column: dob, format: "02/01/2006"}
//	  email: {column: email}
//	  postcode: {column: postcode}
//
// Fields are given_name, family_name, full_name (split when the two are not
// mapped), date_of_birth, email, phone, address_line1, address_line2, town,
// postcode and uprn. Formats are Go reference-time layouts; dates default
// to 2006-01-02.
type Mapping struct {
	Source     string            `yaml:"source"`
	Key        string            `yaml:"key"`
	ObservedAt *Column           `yaml:"observed_at"`
	Fields     map[string]Column `yaml:"fields"`
}

// Column is one mapped column.
type Column struct {
	Column   string `yaml:"column"`
	Format   string `yaml:"format"`
	Required bool   `yaml:"required"`
}

// mappableFields are the record fields a mapping may fill.
var mappableFields = []string{"given_name", "family_name", "full_name", "date_of_birth", "email", "phone",
	"address_line1", "address_line2", "town", "postcode", "uprn"}

// ParseMapping reads a mapping; unknown keys and fields are errors.
func ParseMapping(data []byte) (*Mapping, error) {
	var m Mapping
	if err := yaml.UnmarshalWithOptions(data, &m, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("mapping: %s", yaml.FormatError(err, false, true))
	}
	if m.Key == "" {
		return nil, errors.New("mapping: key (the column with each row's id) is required")
	}
	if len(m.Fields) == 0 {
		return nil, errors.New("mapping: fields is empty")
	}
	for name, c := range m.Fields {
		if !slices.Contains(mappableFields, name) {
			return nil, fmt.Errorf("mapping: unknown field %q (fields are %s)", name, strings.Join(mappableFields, ", "))
		}
		if c.Column == "" {
			return nil, fmt.Errorf("mapping: field %s has no column", name)
		}
	}
	return &m, nil
}

// Rows reads a CSV with a header row and maps every row to a record of the
// given source. A row that fails validation becomes a Reject naming its line
// and problem; the good rows are all returned. The error is for a file that
// cannot be read or a header missing a mapped column. It holds the whole
// file; imports use Scan, which holds one row.
func (m *Mapping) Rows(r io.Reader, source string, now time.Time) ([]Record, []Reject, error) {
	var recs []Record
	var rejects []Reject
	err := m.Scan(r, source, now, func(rec Record) error {
		recs = append(recs, rec)
		return nil
	}, func(rj Reject) { rejects = append(rejects, rj) })
	return recs, rejects, err
}

// Scan reads a CSV with a header row and hands each good row to row, as a
// record of the given source, and each bad one to reject with its line and
// problem. It holds one row at a time and, to refuse a key that repeats an
// earlier line, a 64-bit hash of each key (16 bytes a row: 1M rows, 16 MB).
// Two different keys with the same hash would be refused as a repeat, with a
// chance of about 1 in 36 million at 1M rows, and shown as a reject, never
// lost silently. The error is for a file that cannot be read, a header
// missing a mapped column, or an error returned by row (which stops the scan).
func (m *Mapping) Scan(r io.Reader, source string, now time.Time, row func(Record) error, reject func(Reject)) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("header: %w", err)
	}
	at, err := m.columns(header)
	if err != nil {
		return err
	}
	seen := newKeySet()
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
		get := func(col string) string {
			if i := at[col]; i < len(cells) {
				return strings.TrimSpace(cells[i])
			}
			return ""
		}
		rec, problem := m.record(get, source, now)
		if problem == "" {
			if first, dup := seen.add(rec.Key, line); dup {
				problem = fmt.Sprintf("%s %q repeats line %d", m.Key, get(m.Key), first)
			}
		}
		if problem != "" {
			reject(Reject{Line: line, Problem: problem})
			continue
		}
		if err := row(rec); err != nil {
			return err
		}
	}
}

// columns maps every column the mapping names to its index in header.
func (m *Mapping) columns(header []string) (map[string]int, error) {
	at := map[string]int{}
	for i, h := range header {
		at[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	need := []string{m.Key}
	for _, c := range m.Fields {
		need = append(need, c.Column)
	}
	if m.ObservedAt != nil {
		need = append(need, m.ObservedAt.Column)
	}
	var missing []string
	for _, n := range need {
		if _, ok := at[n]; !ok && !slices.Contains(missing, n) {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("header has no column %s", strings.Join(missing, ", "))
	}
	return at, nil
}

// record maps and validates one row; problem says what is wrong with it.
func (m *Mapping) record(get func(string) string, source string, now time.Time) (Record, string) {
	key := get(m.Key)
	if key == "" {
		return Record{}, fmt.Sprintf("%s is empty", m.Key)
	}
	rec := Record{Key: source + ":" + key, Source: source, ObservedAt: now}
	val := map[string]string{}
	for _, name := range mappableFields {
		c, ok := m.Fields[name]
		if !ok {
			continue
		}
		v := get(c.Column)
		if v == "" && c.Required {
			return rec, fmt.Sprintf("%s is required (column %s is empty)", name, c.Column)
		}
		if v == "" {
			continue
		}
		norm, problem := validateField(name, v, c.Format, now)
		if problem != "" {
			return rec, problem
		}
		val[name] = norm
	}
	if m.ObservedAt != nil {
		if v := get(m.ObservedAt.Column); v != "" {
			t, err := time.Parse(or(m.ObservedAt.Format, time.DateOnly), v)
			if err != nil {
				return rec, fmt.Sprintf("observed_at %q is not a date in the form %s", v, or(m.ObservedAt.Format, time.DateOnly))
			}
			rec.ObservedAt = t
		}
	}
	fill(&rec, val)
	if rec.GivenName == "" && rec.FamilyName == "" {
		return rec, "the row has no name"
	}
	return rec, ""
}

func fill(rec *Record, val map[string]string) {
	rec.GivenName, rec.FamilyName = val["given_name"], val["family_name"]
	if rec.GivenName == "" && rec.FamilyName == "" {
		rec.GivenName, rec.FamilyName = SplitName(val["full_name"])
	}
	rec.DateOfBirth, rec.Email, rec.Phone = val["date_of_birth"], val["email"], val["phone"]
	rec.Address = Address{Line1: val["address_line1"], Line2: val["address_line2"], Town: val["town"],
		Postcode: val["postcode"], UPRN: val["uprn"]}
}

// validateField checks and normalises one value.
func validateField(name, v, format string, now time.Time) (string, string) {
	switch name {
	case "date_of_birth":
		return validateDate(name, v, or(format, time.DateOnly), now)
	case "email":
		if a, err := mail.ParseAddress(v); err != nil || a.Address != v || !strings.Contains(v, "@") {
			return "", fmt.Sprintf("email %q is not an email address", v)
		}
		return strings.ToLower(v), ""
	case "postcode":
		pc, ok := NormalisePostcode(v)
		if !ok {
			return "", fmt.Sprintf("postcode %q is not a UK postcode", v)
		}
		return pc, ""
	case "uprn":
		if !digits(v, 12) {
			return "", fmt.Sprintf("uprn %q is not a number of 1 to 12 digits", v)
		}
		return v, ""
	case "phone":
		return normalisePhone(v), ""
	}
	return v, ""
}

// validateDate parses v in layout; a date that parses by shape but not by
// calendar (31/02/1980) is "not a real date".
func validateDate(name, v, layout string, now time.Time) (string, string) {
	t, err := time.Parse(layout, v)
	if err != nil {
		var pe *time.ParseError
		if errors.As(err, &pe) && strings.Contains(pe.Message, "out of range") {
			return "", fmt.Sprintf("%s %q is not a real date", name, v)
		}
		return "", fmt.Sprintf("%s %q is not a date in the form %s", name, v, layout)
	}
	if t.After(now) {
		return "", fmt.Sprintf("%s %q is in the future", name, v)
	}
	return t.Format(time.DateOnly), ""
}

// normalisePhone is the form linkage compares phone numbers in: the one
// national form answers are stored in (service.NormalisePhone) without its
// spaces, so "+44 7700 900123" on council tax and "07700 900123" on a case
// agree. A number that rule refuses keeps its digits (and a leading +), as
// imported data is often untidy and an exact repeat still helps.
func normalisePhone(v string) string {
	if p, err := service.NormalisePhone(v); err == nil {
		return strings.ReplaceAll(p, " ", "")
	}
	var b strings.Builder
	for i, r := range strings.TrimSpace(v) {
		if (r >= '0' && r <= '9') || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func or(v, d string) string {
	if v == "" {
		return d
	}
	return v
}
