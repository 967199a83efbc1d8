package workspace

import (
	"net/url"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/service"
)

var testFields = []service.Question{
	{ID: "resolution", Type: service.TypeTextarea, Label: "Resolution", Validate: service.Validation{Required: true, MaxLength: 10}},
	{ID: "outcome", Type: service.TypeRadios, Label: "Outcome", Validate: service.Validation{Required: true},
		Options: []service.Option{{Value: "fixed", Label: "Fixed"}, {Value: "wontfix", Label: "Will not fix"}}},
	{ID: "fixed_on", Type: service.TypeDate, Label: "Date fixed"},
	{ID: "tags", Type: service.TypeCheckboxes, Label: "Tags", Options: []service.Option{{Value: "a", Label: "A"}, {Value: "b", Label: "B"}}},
}

func TestFieldViewsKeepWhatWasTyped(t *testing.T) {
	form := url.Values{"outcome": {"wontfix"}, "fixed_on-day": {"31"}, "tags": {"b"}}
	errs := service.FieldErrors{{Field: "fixed_on-day", Message: "Date fixed must be a real date"}}
	v := fieldViews(testFields, form, errs, nil)
	kinds := []string{"textarea", "radios", "date", "checkboxes"}
	for i, k := range kinds {
		if v[i].Kind != k {
			t.Errorf("field %d drawn as %s, want %s", i, v[i].Kind, k)
		}
	}
	if v[1].Field.Value != "wontfix" || v[2].Field.Date.Day != "31" || v[2].Field.Error == "" || !v[3].Field.Checked("b") || v[3].Field.Checked("a") {
		t.Fatalf("posted values or errors lost: %+v", v)
	}
}
