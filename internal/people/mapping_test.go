package people

import (
	"os"
	"strings"
	"testing"
	"time"
)

func TestMappingRows(t *testing.T) {
	raw, err := os.ReadFile("testdata/council-tax.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseMapping(raw)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/council-tax.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	recs, rejects, err := m.Rows(f, "council-tax", now)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rejects {
		got = append(got, r.Error())
	}
	want := []string{
		`4: date_of_birth "31/02/1980" is not a real date`,
		`5: email "not-an-email" is not an email address`,
		`7: date_of_birth "12/12/2099" is in the future`,
		`8: account_ref "CT1001" repeats line 2`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rejects:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(recs) != 3 {
		t.Fatalf("%d good rows, want 3", len(recs))
	}
	r := recs[0]
	if r.Key != "council-tax:CT1001" || r.DateOfBirth != "1962-03-14" || r.Address.Postcode != "WV1 2AB" ||
		r.Phone != "07700900123" || r.ObservedAt != time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC) {
		t.Errorf("first record = %+v", r)
	}
	if recs[1].Phone != "07700900456" {
		t.Errorf("+44 phone = %q", recs[1].Phone)
	}
}

func TestParseMappingErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"no key", "fields: {email: {column: e}}", "key"},
		{"unknown field", "key: id\nfields: {shoe_size: {column: s}}", "unknown field"},
		{"unknown key", "key: id\ncolour: red\nfields: {email: {column: e}}", "colour"},
		{"no column", "key: id\nfields: {email: {}}", "no column"},
	}
	for _, tt := range tests {
		_, err := ParseMapping([]byte(tt.yaml))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want an error mentioning %q", tt.name, err, tt.want)
		}
	}
	m, _ := ParseMapping([]byte("key: id\nfields: {family_name: {column: surname}}"))
	if _, _, err := m.Rows(strings.NewReader("id,name\n1,x\n"), "s", time.Now()); err == nil || !strings.Contains(err.Error(), "surname") {
		t.Errorf("missing column: %v", err)
	}
}
