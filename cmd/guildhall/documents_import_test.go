package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDocumentsImport imports a folder through the real sub-command: good
// rows are filed, each bad one is reported
// at its manifest line, and the exit status says some were rejected.
func TestDocumentsImport(t *testing.T) {
	dir := t.TempDir()
	files := filepath.Join(dir, "files")
	if err := os.MkdirAll(filepath.Join(files, "minutes"), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(files, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("minutes/2024-05.txt", "Minutes of the licensing committee, May 2024: taxi fares agreed.")
	write("policy.txt", "Tree policy: ash dieback felling programme.")
	write("virus.exe", "MZ\x90\x00 not a document")
	manifest := filepath.Join(files, "manifest.csv")
	if err := os.WriteFile(manifest, []byte(`file,title,class,classification,date,team,related_cases
minutes/2024-05.txt,Licensing committee minutes May 2024,1.1.1,OFFICIAL,2024-05-14,democratic-services,
policy.txt,Tree policy,1.2.1,official,2025-01-02,,
missing.pdf,Lost report,1.2.1,OFFICIAL,,,
virus.exe,Not a document,1.2.1,OFFICIAL,,,
policy.txt,Wrong class,1.2,OFFICIAL,,,
../secret.txt,Escape,1.2.1,OFFICIAL,,,
policy.txt,Bad date,1.2.1,SECRET,14/05/2024,,
`), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, err := runSub(runDocumentsImport, dataIn(filepath.Join(dir, "data")), "--team", "planning", manifest)
	var exit exitError
	if !errors.As(err, &exit) || exit != 1 {
		t.Fatalf("exit: %v (stderr %s)", err, errs)
	}
	want := `manifest.csv:4: file "missing.pdf" is not in the folder
manifest.csv:5: file "virus.exe": ` + "%s" + `
manifest.csv:6: Choose the file plan class it belongs to
manifest.csv:7: file "../secret.txt" must be a path inside the folder, like minutes/2024-05.pdf
manifest.csv:8: Choose OFFICIAL or OFFICIAL-SENSITIVE; Enter the document's date as YYYY-MM-DD
Imported 2 documents from manifest.csv; 5 rows rejected.
`
	lines := strings.Split(out, "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[1], `manifest.csv:5: file "virus.exe": `) {
		t.Fatalf("output:\n%s", out)
	}
	virus := strings.TrimPrefix(lines[1], `manifest.csv:5: file "virus.exe": `)
	if got := out; got != strings.Replace(want, "%s", virus, 1) || virus == "" {
		t.Errorf("output:\n%s\nwant:\n%s", got, want)
	}
	if !strings.HasSuffix(errs, "\n7 rows read: 2 imported, 5 rejected\n") {
		t.Errorf("progress: %q", errs)
	}
}
