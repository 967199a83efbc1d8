package service

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// TestBlockScalars decodes the YAML 1.2.2 specification's examples of block
// scalars (chapter 8.1) and checks each value is exactly what the spec says.
// In the sources, "·" stands for a space the reader must see and "→" for a tab.
func TestBlockScalars(t *testing.T) {
	visible := strings.NewReplacer("·", " ", "→", "\t")
	tests := []struct {
		name string
		src  string
		want any
	}{
		{"8.1 block scalar header",
			"- | # Empty header\n literal\n- >1 # Indentation indicator\n  folded\n- |+ # Chomping indicator\n keep\n\n- >1- # Both indicators\n  strip\n",
			[]any{"literal\n", " folded\n", "keep\n\n", " strip"}},
		{"8.2 block indentation indicator",
			"- |\n·detected\n- >\n·\n··\n··# detected\n- |1\n··explicit\n- >\n·→\n·detected\n",
			[]any{"detected\n", "\n\n# detected\n", " explicit\n", "\t\ndetected\n"}},
		{"8.4 chomping final line break",
			"strip: |-\n  text\nclip: |\n  text\nkeep: |+\n  text\n",
			map[string]any{"strip": "text", "clip": "text\n", "keep": "text\n"}},
		{"8.5 chomping trailing lines",
			"·# Strip\n··# Comments:\nstrip: |-\n··# text\n··\n·# Clip\n··# comments:\n\nclip: |\n··# text\n·\n·# Keep\n··# comments:\n\nkeep: |+\n··# text\n\n·# Trail\n··# comments.\n",
			map[string]any{"strip": "# text", "clip": "# text\n", "keep": "# text\n\n"}},
		{"8.6 empty scalar chomping",
			"strip: >-\n\nclip: >\n\nkeep: |+\n\n",
			map[string]any{"strip": "", "clip": "", "keep": "\n"}},
		{"8.7 literal scalar",
			"|\n·literal\n·→text\n\n\n",
			"literal\n\ttext\n"},
		{"8.8 literal content",
			"|\n·\n··\n··literal\n···\n··\n··text\n\n·# Comment\n",
			"\n\nliteral\n \n\ntext\n"},
		{"8.9 folded scalar",
			">\n·folded\n·text\n\n\n",
			"folded text\n"},
		{"8.10-8.13 folded lines, spaced lines, empty lines",
			">\n\n·folded\n·line\n\n·next\n·line\n···* bullet\n\n···* list\n···* lines\n\n·last\n·line\n\n# Comment\n",
			"\nfolded line\nnext line\n  * bullet\n\n  * list\n  * lines\n\nlast line\n"},
		{"5.7 block scalar indicators",
			"literal: |\n  some\n  text\nfolded: >\n  some\n  text\n",
			map[string]any{"literal": "some\ntext\n", "folded": "some text\n"}},
		{"indentation indicator is relative to the parent mapping",
			"- aaa: |2\n    xxx\n  bbb: |\n    xxx\n",
			[]any{map[string]any{"aaa": "xxx\n", "bbb": "xxx\n"}}},
		{"keep with indentation indicator inside a sequence",
			"notifications:\n  - body: |+2\n        indented\n      line\n\n  - body: >-\n      one\n      two\n\n      three\n",
			map[string]any{"notifications": []any{
				map[string]any{"body": "  indented\nline\n\n"},
				map[string]any{"body": "one two\nthree"},
			}}},
		{"block scalar as a key",
			"? |\n  block key\n: value\n",
			map[string]any{"block key\n": "value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := visible.Replace(tt.src)
			got, _, probs, syntax := readYAML([]byte(src))
			if syntax != nil || len(probs) > 0 {
				t.Fatalf("readYAML(%q): %v %v", src, syntax, probs)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("readYAML(%q)\n got %#v\nwant %#v", src, got, tt.want)
			}
		})
	}
}

// TestBlockScalarErrors: what the spec forbids is refused with a position.
func TestBlockScalarErrors(t *testing.T) {
	for name, src := range map[string]string{
		"leading empty line more indented than the content": "a: |\n    \n  text\n",
		"content less indented than the indicator says":     "a: |2\n text\n",
	} {
		t.Run(name, func(t *testing.T) {
			if _, _, _, syntax := readYAML([]byte(src)); syntax == nil || syntax.Line == 0 {
				t.Errorf("readYAML(%q) = %v, want a syntax problem with a line", src, syntax)
			}
		})
	}
}

// TestBundledTextHasNoYAMLMarkup: no text of a bundled service starts with a
// block scalar's header or keeps the file's indentation.
func TestBundledTextHasNoYAMLMarkup(t *testing.T) {
	files, err := filepath.Glob("../../services/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bundled services: %v", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tree, _, _, syntax := readYAML(src)
		if syntax != nil {
			t.Fatalf("%s: %v", f, syntax)
		}
		walkStrings(tree, "", func(ptr, s string) {
			if strings.HasPrefix(s, "|") || strings.HasPrefix(s, ">") || strings.Contains(s, "\n ") {
				t.Errorf("%s%s = %q: YAML markup or indentation in the text", filepath.Base(f), ptr, s)
			}
		})
	}
}

func walkStrings(v any, ptr string, f func(ptr, s string)) {
	switch v := v.(type) {
	case string:
		f(ptr, v)
	case map[string]any:
		for k, e := range v {
			walkStrings(e, ptr+pointer(k), f)
		}
	case []any:
		for i, e := range v {
			walkStrings(e, ptr+"/"+strconv.Itoa(i), f)
		}
	}
}
