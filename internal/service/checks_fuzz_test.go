package service

import (
	"os"
	"testing"
	"testing/fstest"
)

// FuzzCheck feeds the definition checker a folder of two definitions, one
// fixed and one fuzzed, so that the checks across definitions (duplicate ids,
// Open311 codes, shared teams) run on whatever decodes. It must never panic
// and every problem must name a file and say something.
func FuzzCheck(f *testing.F) {
	fixed, err := os.ReadFile("testdata/valid/every-type.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range []string{"testdata/valid/every-type.yaml", "testdata/broken/workflow.yaml"} {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fsys := fstest.MapFS{"a.yaml": {Data: fixed}, "b.yaml": {Data: src}}
		defs, probs, err := LoadDirAll(fsys)
		if err != nil {
			t.Fatalf("LoadDirAll: %v", err)
		}
		for _, p := range probs {
			if p.File == "" || p.Message == "" {
				t.Fatalf("malformed problem %#v", p)
			}
		}
		if len(probs) == 0 && len(defs) != 2 {
			t.Fatalf("no problems but %d definitions", len(defs))
		}
		Check(defs)
	})
}
