package service

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/lang"
)

func welshFixture(t *testing.T) *Definition {
	t.Helper()
	src, err := os.ReadFile("testdata/valid/report-graffiti-welsh.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d, err := Parse("report-graffiti-welsh.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestInWelshTranslatesEveryText(t *testing.T) {
	en := welshFixture(t)
	cy := en.In(lang.Welsh)
	if cy == en || cy.Lang() != lang.Welsh || en.Lang() != lang.English {
		t.Fatalf("In(Welsh) gave the English definition (lang %s)", cy.Lang())
	}
	if cy != en.In(lang.Welsh) {
		t.Error("In(Welsh) makes a new copy on every call")
	}
	q := &cy.Pages[0].Questions[0]
	got := []string{cy.Name, cy.Summary, cy.Pages[0].Title, q.Label, q.Options[0].Label, q.Options[1].Label, cy.StateLabel("removed")}
	want := []string{"Rhoi gwybod am graffiti", "Rhowch wybod i ni am graffiti er mwyn i ni allu ei dynnu.", "Ydy’r graffiti yn sarhaus?",
		"Ydy’r graffiti yn sarhaus?", "Ydy", "Nac ydy", "Wedi’i dynnu"}
	if !slices.Equal(got, want) {
		t.Errorf("Welsh texts =\n%q\nwant\n%q", got, want)
	}
	if en.Name != "Report graffiti" || en.Pages[0].Questions[0].Options[1].Label != "No" {
		t.Error("In(Welsh) changed the English definition")
	}
	if en.In(lang.English) != en {
		t.Error("In(English) is not the definition itself")
	}
}

func TestServiceNotOfferedInWelshStaysEnglish(t *testing.T) {
	src, err := os.ReadFile("testdata/valid/report-graffiti.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d, err := Parse("report-graffiti.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	if d.Offers(lang.Welsh) || d.In(lang.Welsh) != d {
		t.Error("a service without cy in its languages is offered in Welsh")
	}
}

func TestWelshValidationMessages(t *testing.T) {
	today := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		form Form
		en   FieldErrors
		cy   FieldErrors
	}{
		{"nothing answered", Form{},
			FieldErrors{{"offensive", "Select is the graffiti offensive"}, {"bags", "Enter how many walls"}},
			FieldErrors{{"offensive", "Dewiswch opsiwn"}, {"bags", "Rhowch nifer y waliau"}}},
		{"date without a month, number too big", Form{"offensive": {"no"}, "seen-day": {"3"}, "seen-year": {"2026"}, "bags": {"12"}},
			FieldErrors{{"seen-month", "When did you see it must include a month"}, {"bags", "How many walls must be between 1 and 9"}},
			FieldErrors{{"seen-month", "Rhaid i’r dyddiad gynnwys mis"}, {"bags", "Rhaid i’r ateb fod rhwng 1 a 9"}}},
		{"future date, not a number", Form{"offensive": {"yes"}, "seen-day": {"3"}, "seen-month": {"7"}, "seen-year": {"2026"}, "bags": {"lots"}},
			FieldErrors{{"seen-day", "When did you see it must be today or in the past"}, {"bags", "How many walls must be a number"}},
			FieldErrors{{"seen-day", "Rhaid i’r dyddiad fod heddiw neu yn y gorffennol"}, {"bags", "Rhaid i’r ateb fod yn rhif"}}},
	}
	en := welshFixture(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for l, want := range map[lang.Tag]FieldErrors{lang.English: c.en, lang.Welsh: c.cy} {
				d := en.In(l)
				_, got := d.DecodePageAt(&d.Pages[0], c.form, nil, today)
				if !slices.Equal(got, want) {
					t.Errorf("%s: errors =\n%q\nwant\n%q", l, got, want)
				}
			}
		})
	}
}

// TestEveryValidationMessageHasWelsh reads the package's source for the
// messages passed to say and fails for any without a Welsh entry.
func TestEveryValidationMessageHasWelsh(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	var used []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if id, isIdent := func() (*ast.Ident, bool) {
				if !ok {
					return nil, false
				}
				i, ok := call.Fun.(*ast.Ident)
				return i, ok
			}(); !isIdent || id.Name != "say" || len(call.Args) < 2 {
				return true
			}
			if lit, ok := call.Args[1].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, _ := strconv.Unquote(lit.Value)
				used = append(used, s)
			} else if _, isIdent := call.Args[1].(*ast.Ident); !isIdent {
				t.Errorf("%s: say's message is not a literal, so its Welsh cannot be checked", fset.Position(call.Pos()))
			}
			return true
		})
	}
	if len(used) < 30 {
		t.Fatalf("found only %d messages passed to say", len(used))
	}
	if missing := validationMessages.Missing(used); len(missing) > 0 {
		t.Errorf("validation messages without Welsh: %q", missing)
	}
}
