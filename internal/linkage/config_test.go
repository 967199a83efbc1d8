package linkage

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestParseConfig(t *testing.T) {
	good := `id: rec_id
threshold: 0.6
comparisons:
  - {column: surname, kind: jaro_winkler, thresholds: [0.9], term_frequency: true}
blocking:
  - [surname, "prefix(given_name,2)", "soundex(suburb)"]
`
	c, err := ParseConfig([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	s, _ := c.Settings()
	parts := s.Blocking[0].Parts
	if s.Threshold != 0.6 || !s.Comparisons[0].TermFrequency || len(parts) != 3 || parts[1].Prefix != 2 || !parts[2].Soundex {
		t.Errorf("settings = %+v", s)
	}
	bad := map[string]string{
		"unknown key":        "id: x\ncomparisons: []\nblockng: []\n",
		"no id":              "comparisons: []\n",
		"id compared":        "id: x\ncomparisons: [{column: x, kind: exact}]\n",
		"id blocked":         "id: x\ncomparisons: [{column: y, kind: exact}]\nblocking: [[x]]\n",
		"bad key expression": "id: x\ncomparisons: [{column: y, kind: exact}]\nblocking: [[\"prefix(y)\"]]\n",
		"not yaml":           "id: [\n",
	}
	for name, text := range bad {
		t.Run(name, func(t *testing.T) {
			if _, err := ParseConfig([]byte(text)); !IsInvalid(err) {
				t.Errorf("err = %v, want invalid", err)
			}
		})
	}
}

// TestShippedConfigs parses every example configuration in the repository.
func TestShippedConfigs(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.yaml")
	more, _ := filepath.Glob("../../bench/link/*.yaml")
	for _, f := range append(files, more...) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ParseConfig(data); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestConfigColumnsHaveLines(t *testing.T) {
	c, err := ParseConfig([]byte("id: rec\ncomparisons:\n  - {column: first, kind: exact}\n  - column: last\n    kind: exact\nblocking:\n  - [dob]\n  - [\"soundex(last)\", first]\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := c.Columns()
	want := []ColumnUse{{"rec", "id", 1}, {"first", "comparison", 3}, {"last", "comparison", 4}, {"dob", "blocking", 7},
		{"last", "blocking", 8}, {"first", "blocking", 8}}
	if !slices.Equal(got, want) {
		t.Errorf("Columns() = %v\nwant %v", got, want)
	}
}
