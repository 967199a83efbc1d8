package people

import (
	"reflect"
	"testing"
)

func TestRedactorMark(t *testing.T) {
	r := NewRedactor("Margaret Oyelaran", "Maggie Oyelaran")
	tests := []struct {
		in, out string
		names   []string
	}{
		{"My neighbour John Smith dumps rubbish.", "My neighbour [REDACT? John Smith] dumps rubbish.", []string{"John Smith"}},
		{"Margaret Oyelaran called on Monday.", "Margaret Oyelaran called on Monday.", nil},
		{"Yesterday Mrs Patel said so", "Yesterday [REDACT? Mrs Patel] said so", []string{"Mrs Patel"}},
		{"I live at 3 Mill Lane near Kestrel Court", "I live at 3 Mill Lane near Kestrel Court", nil},
		{"Maggie and Dr Ana Lima", "Maggie and [REDACT? Dr Ana Lima]", []string{"Dr Ana Lima"}},
		{"the bins were not collected", "the bins were not collected", nil},
	}
	for _, tt := range tests {
		got, names := r.Mark(tt.in)
		if got != tt.out || !reflect.DeepEqual(names, tt.names) {
			t.Errorf("Mark(%q) = %q %v; want %q %v", tt.in, got, names, tt.out, tt.names)
		}
	}
}
