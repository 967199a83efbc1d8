package linkage

import "testing"

// fieldOf encodes two values as records 0 and 1 of a one-column table.
func fieldOf(t *testing.T, c Comparison, a, b string) *field {
	t.Helper()
	c.Column = "v"
	recs := &Records{Columns: []string{"v"}, IDs: []string{"1", "2"}, Rows: [][]string{{a}, {b}}}
	return newField(c, internColumn(recs, 0))
}

func TestLevels(t *testing.T) {
	jw := Comparison{Kind: JaroWinkler, Thresholds: []float64{0.92, 0.8}, Nicknames: true}
	tests := []struct {
		name string
		cmp  Comparison
		a, b string
		want string
	}{
		{"null", jw, "", "john", "null"},
		{"exact ignores case", jw, "John", "john", "exact"},
		{"nickname", jw, "bill", "william", "nickname"},
		{"typo", jw, "oyelaran", "oyelarna", "jw>=0.92"},
		{"different", jw, "oyelaran", "smith", "else"},
		{"damerau transposition", Comparison{Kind: Damerau, Thresholds: []float64{1, 2}}, "4066625", "4066652", "dam<=1"},
		{"levenshtein transposition", Comparison{Kind: Levenshtein, Thresholds: []float64{1, 2}}, "4066625", "4066652", "lev<=2"},
		{"date swap", Comparison{Kind: Date}, "1980-05-12", "1980-12-05", "day/month swap"},
		{"date typo", Comparison{Kind: Date}, "19800512", "19800513", "one typo"},
		{"date formats", Comparison{Kind: Date}, "12/05/1980", "1980-05-12", "exact"},
		{"date near", Comparison{Kind: Date}, "1980-05-12", "1980-09-30", "within 365d"},
		{"date far", Comparison{Kind: Date}, "1980-05-12", "1990-09-30", "else"},
		{"postcode sector", Comparison{Kind: Postcode}, "SW1A 1AA", "sw1a 1ab", "sector"},
		{"postcode district", Comparison{Kind: Postcode}, "SW1A 1AA", "SW1A 2BB", "district"},
		{"postcode area", Comparison{Kind: Postcode}, "LS12 4AB", "LS3 9ZZ", "area"},
		{"postcode else", Comparison{Kind: Postcode}, "LS12 4AB", "M1 1AA", "else"},
		{"address words", Comparison{Kind: TokenSet}, "12 acacia avenue", "12 acacia avenu", "words>=0.8"},
		{"address partial", Comparison{Kind: TokenSet}, "12 acacia avenue", "12 acacia road", "words>=0.5"},
		{"numeric", Comparison{Kind: Numeric, Thresholds: []float64{1, 5}}, "42", "45", "diff<=5"},
		{"exact else", Comparison{Kind: Exact}, "vic", "nsw", "else"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := fieldOf(t, tt.cmp, tt.a, tt.b)
			var s scratch
			if got := f.labels[f.level(0, 1, &s)]; got != tt.want {
				t.Errorf("level(%q, %q) = %q, want %q (levels %v)", tt.a, tt.b, got, tt.want, f.labels)
			}
		})
	}
}
