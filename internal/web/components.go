package web

import (
	"strconv"
	"strings"
	"time"
)

// FieldError is one problem with one form field: the error summary links to
// Field (an element id) and shows Message, which also appears by the field.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Field is a form question, for the input, textarea, date-input, radios,
// checkboxes, select and file-upload partials.
type Field struct {
	ID    string // element id; the error summary links here
	Name  string // form field name (defaults to ID)
	Label string
	// Heading makes the label (or legend) the page's h1: GOV.UK's pattern for
	// one question per page.
	Heading bool
	Hint    string
	Error   string
	Value   string
	// Values are the checked values of checkboxes.
	Values []string
	// Type is the input type: text (default), email, tel, number, password.
	Type         string
	Autocomplete string
	InputMode    string
	// NoSpellcheck turns spellcheck off (postcodes, references, emails).
	NoSpellcheck bool
	// Width is a GOV.UK width class suffix: "10", "20", "one-half", "full"…
	Width   string
	Rows    int
	Options []Option
	// Date holds the day, month and year boxes of a date input.
	Date DateParts
	// Accept lists file types for a file upload (a hint to the browser only).
	Accept string
	// Inline lays radios out in a row (yes/no).
	Inline bool
}

// NameOrID is the form field name.
func (f Field) NameOrID() string {
	if f.Name != "" {
		return f.Name
	}
	return f.ID
}

// Checked reports whether v is among the field's values (checkboxes) or is its value.
func (f Field) Checked(v string) bool {
	if f.Value == v {
		return true
	}
	for _, x := range f.Values {
		if x == v {
			return true
		}
	}
	return false
}

// DescribedBy is the aria-describedby value for the field's hint and error.
func (f Field) DescribedBy() string {
	s := ""
	if f.Hint != "" {
		s = f.ID + "-hint"
	}
	if f.Error != "" {
		if s != "" {
			s += " "
		}
		s += f.ID + "-error"
	}
	return s
}

// Option is one choice in radios, checkboxes or a select.
type Option struct {
	Value string
	Label string
	Hint  string
	// Reveal are the questions shown when this option is chosen, drawn in
	// its GOV.UK conditional reveal (radios and checkboxes only).
	Reveal []Question
}

// DateParts are the three boxes of a GOV.UK date input, as typed.
type DateParts struct {
	Day, Month, Year string
	// ErrorDay, ErrorMonth and ErrorYear highlight one box; all false highlights all three when the field has an error.
	ErrorDay, ErrorMonth, ErrorYear bool
}

// Date reads the boxes as a day (midnight UTC): given is false when all
// three are empty, ok false when they are not a real date.
func (d DateParts) Date() (t time.Time, given, ok bool) {
	day, month, year := strings.TrimSpace(d.Day), strings.TrimSpace(d.Month), strings.TrimSpace(d.Year)
	if day == "" && month == "" && year == "" {
		return time.Time{}, false, true
	}
	dn, e1 := strconv.Atoi(day)
	mn, e2 := strconv.Atoi(month)
	yn, e3 := strconv.Atoi(year)
	t = time.Date(yn, time.Month(mn), dn, 0, 0, 0, 0, time.UTC)
	ok = e1 == nil && e2 == nil && e3 == nil && yn >= 1000 && yn <= 9999 && t.Day() == dn && int(t.Month()) == mn
	return t, true, ok
}

// SummaryRow is one row of a summary list, with an optional change link.
type SummaryRow struct {
	Key   string
	Value string
	// Lines shows a value over several lines (an address).
	Lines []string
	// ChangeHref and ChangeLabel make a "Change" link; the label is the
	// visually hidden end of the link text ("Change <label>").
	ChangeHref  string
	ChangeLabel string
}

// Panel is a confirmation panel.
type Panel struct {
	Title string
	Body  string
	// Reference is shown large and bold under Body.
	Reference string
}

// Banner is a notification banner; Success makes it green with role="alert".
type Banner struct {
	Title   string
	Heading string
	Body    string
	Success bool
}

// Tag is a coloured status label; Colour is a GOV.UK tag colour ("grey", "green"…).
type Tag struct {
	Text   string
	Colour string
}

// Link is a link with text (back link, inset text link, footer link).
type Link struct {
	Text string
	Href string
}

// Button is a submit button or a link styled as one (when Href is set).
type Button struct {
	Text      string
	Href      string
	Secondary bool
	Warning   bool
	Start     bool // start button with the arrow
	// Name and Value make the button submit a value (several buttons in one form).
	Name, Value string
	// PreventDoubleClick asks GOV.UK Frontend to ignore a second click (JS only).
	PreventDoubleClick bool
}

// Table is a GOV.UK table.
type Table struct {
	Caption string
	Head    []string
	Rows    [][]TableCell
	// NumericColumns right-aligns these column indexes.
	NumericColumns []int
}

// TableCell is one cell; Href makes it a link.
type TableCell struct {
	Text string
	Href string
	Tag  *Tag
}

// Pagination is previous/next links and numbered pages.
type Pagination struct {
	Previous string // URL, "" for none
	Next     string
	Items    []PageLink
}

// PageLink is one numbered page link; Ellipsis stands for skipped pages.
type PageLink struct {
	Number   int
	Href     string
	Current  bool
	Ellipsis bool
}

// NavItem is a link in the service navigation or footer.
type NavItem struct {
	Text string
	Href string
	// Current marks the page the user is on (set by the renderer from the path).
	Current bool
}
