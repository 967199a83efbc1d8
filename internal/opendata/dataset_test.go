package opendata

import (
	"testing"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// Only OFFICIAL services publish, and only the fields named, never a
// personal question or a file, even in a definition built without checks.
func TestDatasetsOfPublishesOnlyWhatIsAllowed(t *testing.T) {
	pub := &service.Publish{Dataset: "things", Fields: []string{"reference", "name", "photo", "kind", "where"}}
	page := service.Page{ID: "p", Questions: []service.Question{
		{ID: "name", Type: service.TypeText, Personal: true},
		{ID: "photo", Type: service.TypeFile},
		{ID: "kind", Type: service.TypeRadios, Label: "Kind"},
		{ID: "where", Type: service.TypeLocation, Label: "Where"},
	}}
	open := &service.Definition{ID: "open", Classification: service.Official, Publish: pub, Pages: []service.Page{page}}
	sensitive := &service.Definition{ID: "secret", Classification: service.OfficialSensitive, Publish: &service.Publish{Dataset: "secrets", Fields: []string{"reference"}}}
	got := DatasetsOf([]*service.Definition{sensitive, open})
	if len(got) != 1 || got[0].ID != "things" {
		t.Fatalf("datasets = %+v", got)
	}
	var names []string
	for _, c := range got[0].Columns {
		names = append(names, c.Name)
	}
	want := []string{"reference", "kind", "where_latitude", "where_longitude", "where_description"}
	if len(names) != len(want) {
		t.Fatalf("columns = %v, want %v", names, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Fatalf("columns = %v, want %v", names, want)
		}
	}
	if got[0].Decimals != 3 {
		t.Errorf("coordinates are rounded to %d places; with none declared it must be 3 (about 100 m)", got[0].Decimals)
	}
}
