package store

import "testing"

func TestRebindDollar(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"none", "SELECT 1", "SELECT 1"},
		{"several", "SELECT * FROM t WHERE a = ? AND b IN (?, ?)", "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)"},
		{"literal", "SELECT '?' || ? FROM t", "SELECT '?' || $1 FROM t"},
		{"identifier", `SELECT "a?" FROM t WHERE x = ?`, `SELECT "a?" FROM t WHERE x = $1`},
		{"comment", "SELECT ? -- why?\nFROM t WHERE y = ?", "SELECT $1 -- why?\nFROM t WHERE y = $2"},
		{"ten", "?,?,?,?,?,?,?,?,?,?,?", "$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rebindDollar(tt.in); got != tt.want {
				t.Errorf("rebindDollar(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFTSQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{"pothole", `"pothole"`},
		{"pot hole", `"pot" "hole"`},
		{`AND OR "NEAR(`, `"AND" "OR" "NEAR"`},
		{"  ", `""`},
	}
	for _, tt := range tests {
		if got := ftsQuery(tt.in); got != tt.want {
			t.Errorf("ftsQuery(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
