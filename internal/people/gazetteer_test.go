package people

import (
	"os"
	"strings"
	"testing"
)

func TestReadGazetteer(t *testing.T) {
	props := sampleGazetteer(t)
	if len(props) != 14 {
		t.Fatalf("%d properties, want 14", len(props))
	}
	flat := props[5]
	if flat.UPRN != "990000000112" || flat.ParentUPRN != "990000000110" || flat.SAO.StartNumber != 2 || flat.SAO.Text != "Flat" {
		t.Errorf("flat = %+v", flat)
	}
	if got := flat.String(); got != "Flat 2, Kestrel Court, 7 Mill Lane, Hollinsford, Wyvernbury, WV1 2AB" {
		t.Errorf("flat address = %q", got)
	}
	if a := props[7].Address(); a.Line1 != "9-11 Mill Lane" || a.Line2 != "Hollinsford" {
		t.Errorf("range address = %+v", a)
	}
	if props[10].Status != StatusHistorical || props[13].Status != StatusAlternative {
		t.Errorf("statuses %d %d", props[10].Status, props[13].Status)
	}
	if props[0].Lat != 52.5201 || props[0].X != 412001 || props[0].USRN != "99000011" {
		t.Errorf("coordinates and USRN = %+v", props[0])
	}
}

func TestReadGazetteerRejects(t *testing.T) {
	f, err := os.Open("testdata/gazetteer_bad.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	props, rejects, err := ReadGazetteer(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(props) != 1 || props[0].UPRN != "990000000201" {
		t.Errorf("kept %+v, want only the good row", props)
	}
	want := []string{
		`3: UPRN "1234567890123" is not a number of 1 to 12 digits`,
		`4: PAO start number "six" is not a number from 0 to 9999`,
		`5: postcode "NOT A POSTCODE" is not a UK postcode`,
		`6: logical status "2" is not 1, 3, 6 or 8`,
		`7: LAT "40.1" is not a coordinate in Great Britain`,
		`8: the address has no PAO and no street`,
	}
	var got []string
	for _, r := range rejects {
		got = append(got, r.Error())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rejects:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, _, err := ReadGazetteer(strings.NewReader("ADDRESS,POSTCODE\nx,y\n")); err == nil {
		t.Error("a file without UPRN was accepted")
	}
}
