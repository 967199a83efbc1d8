package cases

import "testing"

func TestParsePounds(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"150", 15000, true}, {"12.5", 1250, true}, {"12.50", 1250, true}, {" £1,234.05 ", 123405, true},
		{"0.01", 1, true}, {"100000", 10_000_000, true}, {"100000.01", 0, false}, {"", 0, false}, {"12.", 0, false},
		{".5", 0, false}, {"12.505", 0, false}, {"-5", 0, false}, {"1e3", 0, false}, {"£", 0, false}, {"12.5p", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParsePounds(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("ParsePounds(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	for pence, want := range map[int64]string{0: "£0.00", 5: "£0.05", 15000: "£150.00", 123405: "£1,234.05", 10_000_000: "£100,000.00"} {
		if got := Pounds(pence); got != want {
			t.Errorf("Pounds(%d) = %q, want %q", pence, got, want)
		}
	}
}
