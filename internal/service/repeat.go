package service

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/lang"
)

// A repeat question asks its questions once for each item a person adds.
// The front door asks one item per page (its questions named by their own
// ids) and lists the items with "add another"; a whole submission in form
// fields (the form-encoded API, a draft refilled) names item n's answer to
// question q "<repeat>-<n>-<q>", n counting from 1. Both go through the
// codecs of the item's questions, so an item is checked by the same rules
// whichever way it arrives.

// MaxRepeat is the most items any repeat may hold, and a repeat's limit
// when its definition sets none: enough for a household, and a bound on
// what one submission can make the platform store.
const MaxRepeat = 50

// MaxCount is the most items q may hold.
func (q *Question) MaxCount() int {
	if q.MaxItems > 0 {
		return q.MaxItems
	}
	return MaxRepeat
}

// ItemName is one item of a repeat in words ("vehicle"); "item" when the
// definition names none.
func (q *Question) ItemName() string {
	if q.Item != "" {
		return q.Item
	}
	if q.lang == lang.Welsh {
		return "eitem"
	}
	return "item"
}

// ItemsLabel is n items in words: "1 vehicle", "3 vehicles".
func (q *Question) ItemsLabel(n int) string {
	if n == 1 || q.lang == lang.Welsh { // Welsh counts with the singular: "3 cerbyd"
		return strconv.Itoa(n) + " " + q.ItemName()
	}
	return strconv.Itoa(n) + " " + q.ItemsName()
}

// ItemsName is the item's plural: "vehicles", "people". Welsh counts
// with the singular ("uchafswm o 3 cerbyd"), so a Welsh question's is its
// ItemName.
func (q *Question) ItemsName() string {
	if q.lang == lang.Welsh {
		return q.ItemName()
	}
	return nounPlural(q.ItemName())
}

// nounPlural is the English plural of a noun a service designer chose for an
// item: enough for vehicles, people in a household and items of furniture.
func nounPlural(noun string) string {
	switch {
	case noun == "person":
		return "people"
	case noun == "child":
		return "children"
	case strings.HasSuffix(noun, "y") && !strings.HasSuffix(noun, "ey") && !strings.HasSuffix(noun, "ay"):
		return noun[:len(noun)-1] + "ies"
	case strings.HasSuffix(noun, "s"), strings.HasSuffix(noun, "x"), strings.HasSuffix(noun, "ch"), strings.HasSuffix(noun, "sh"):
		return noun + "es"
	}
	return noun + "s"
}

// CountError is the message for a repeat holding n items, or "" when n is
// within its limits.
func (q *Question) CountError(n int) string {
	switch {
	case n < q.MinItems && q.MinItems == 1:
		return say(q, "Add at least one %s", q.ItemName())
	case n < q.MinItems:
		return say(q, "Add at least %s", q.ItemsLabel(q.MinItems))
	case n > q.MaxCount():
		return say(q, "You can add up to %s", q.ItemsLabel(q.MaxCount()))
	}
	return ""
}

// ItemField is the form field name of question sub of item n (from 1).
func ItemField(repeat string, n int, sub string) string {
	return repeat + "-" + strconv.Itoa(n) + "-" + sub
}

// DecodeItem reads one item of repeat q from a page of its questions
// (fields named by the item questions' own ids), by their codecs.
func (q *Question) DecodeItem(form Form, now time.Time) (Answers, FieldErrors) {
	d := fieldsDefinition(q.Questions)
	return d.DecodePageAt(&d.Pages[0], form, nil, now)
}

// EncodeItem writes one item's answers as the form values of its page.
func (q *Question) EncodeItem(item Answers) Form {
	return EncodeForm(q.Questions, item)
}

// ItemSummary is one item on one line, for the list of items added: its
// answers in question order ("AB12 CDE, Ford Focus").
func (q *Question) ItemSummary(item Answers) string {
	var parts []string
	for i := range q.Questions {
		if s := q.Questions[i].DisplayText(item[q.Questions[i].ID]); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// ItemTitle is "Vehicle 2": how the list and check-your-answers name item n.
func (q *Question) ItemTitle(n int) string {
	name := q.ItemName()
	return strings.ToUpper(name[:1]) + name[1:] + " " + strconv.Itoa(n)
}

// displayRepeat is one line per item: "Vehicle 1: AB12 CDE, Ford Focus".
func (q *Question) displayRepeat(a Answer) []string {
	lines := make([]string, len(a.Items))
	for i, item := range a.Items {
		lines[i] = q.ItemTitle(i+1) + ": " + q.ItemSummary(item)
	}
	return lines
}

// decodeRepeat reads items 1, 2 … from fields named by ItemField, stopping
// at the first number with no field at all, then checks the count.
func decodeRepeat(q *Question, form Form, now time.Time) (Answer, FieldErrors) {
	var items []Answers
	var errs FieldErrors
	for n := 1; n <= q.MaxCount()+1 && hasItem(form, q.ID, n); n++ {
		prefix := ItemField(q.ID, n, "")
		sub := Form{}
		for k, v := range form {
			if rest, ok := strings.CutPrefix(k, prefix); ok {
				sub[rest] = v
			}
		}
		item, fe := q.DecodeItem(sub, now)
		for _, e := range fe {
			errs = append(errs, FieldError{prefix + e.Field, q.ItemTitle(n) + ": " + e.Message})
		}
		items = append(items, item)
	}
	if msg := q.CountError(len(items)); msg != "" && (len(items) > 0 || q.MinItems > 0) {
		errs = append(errs, FieldError{q.ID, msg})
	}
	if len(errs) > 0 {
		return Answer{}, errs
	}
	return Answer{Items: items}, nil
}

func hasItem(form Form, id string, n int) bool {
	prefix := ItemField(id, n, "")
	for k := range form {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

// encodeRepeat writes each item's answers under its ItemField names. An
// item with no answer at all still gets a field, so decode sees it (and
// says what it lacks) rather than dropping it and renumbering the rest.
func encodeRepeat(q *Question, a Answer, f Form) FieldErrors {
	if len(a.Items) > q.MaxCount() {
		return FieldErrors{{q.ID, q.CountError(len(a.Items))}}
	}
	for n, item := range a.Items {
		sub := Form{}
		var errs FieldErrors
		for i := range q.Questions {
			sq := &q.Questions[i]
			if ans, ok := item[sq.ID]; ok && !ans.IsEmpty() {
				errs = append(errs, codecOf(sq).encode(sq, ans, sub)...)
			}
		}
		if len(errs) > 0 {
			prefix := ItemField(q.ID, n+1, "")
			for i := range errs {
				errs[i] = FieldError{prefix + errs[i].Field, q.ItemTitle(n+1) + ": " + errs[i].Message}
			}
			return errs
		}
		if len(sub) == 0 {
			sub[""] = []string{""}
		}
		for k, v := range sub {
			f[ItemField(q.ID, n+1, k)] = v
		}
	}
	return nil
}

// A repeat's codec decodes its items by the codecs of their questions, so
// it joins the table once the table exists.
func init() { codecs[TypeRepeat] = codec{decodeRepeat, encodeRepeat} }

// repeatKey names the first field only a repeat takes that q sets, or "".
func repeatKey(q *Question) string {
	switch {
	case len(q.Questions) > 0:
		return "questions"
	case q.Item != "":
		return "item"
	case q.MinItems > 0:
		return "min_items"
	case q.MaxItems > 0:
		return "max_items"
	}
	return ""
}

// repeatTypes lists the types an item's question may not have: a file's
// bytes and a nested repeat have no place in one item's page.
var repeatTypes = []QuestionType{TypeFile, TypeRepeat, TypeTeam}

// repeat checks one repeat question: it has questions, sensible limits,
// and is alone on its page (its page is the list of items).
func (c *checker) repeat(qp string, q *Question, page *Page) {
	if q.Type != TypeRepeat {
		if key := repeatKey(q); key != "" {
			c.addKey(qp+"/"+key, "remove 'questions', 'item', 'min_items' and 'max_items', or make the question a repeat",
				"only repeat questions take 'questions', 'item', 'min_items' and 'max_items' ('%s' is %s)", q.ID, q.Type)
		}
		return
	}
	if len(q.Questions) == 0 {
		c.add(qp+"/type", "add 'questions:' asked for each item", "repeat question '%s' has no questions", q.ID)
	}
	if q.MaxItems > MaxRepeat {
		c.add(qp+"/max_items", fmt.Sprintf("a repeat holds at most %d items", MaxRepeat), "max_items of '%s' is %d", q.ID, q.MaxItems)
	}
	if q.MinItems > q.MaxCount() {
		c.add(qp+"/min_items", "make min_items no more than max_items", "min_items (%d) is more than max_items (%d) in question '%s'", q.MinItems, q.MaxCount(), q.ID)
	}
	if page != nil && len(page.Questions) > 1 {
		c.add(qp+"/type", "put the repeat on a page of its own: that page lists the items added", "repeat question '%s' shares page '%s' with other questions", q.ID, page.ID)
	}
	if q.Calculate != "" || q.Validate.Required {
		c.addKey(qp+"/validate", "use min_items: 1 to require at least one item", "repeat question '%s' takes min_items, not validate or calculate", q.ID)
	}
	seen := map[string]bool{}
	for j := range q.Questions {
		sp := fmt.Sprintf("%s/questions/%d", qp, j)
		sq := &q.Questions[j]
		if seen[sq.ID] {
			c.add(sp+"/id", "give each question of an item its own id", "question id '%s' is used twice in repeat '%s'", sq.ID, q.ID)
		}
		seen[sq.ID] = true
		if slices.Contains(repeatTypes, sq.Type) {
			c.add(sp+"/type", "ask it outside the repeat", "a repeat's questions cannot be %s ('%s' in '%s')", sq.Type, sq.ID, q.ID)
		}
		if sq.ShowIf != nil || sq.Calculate != "" {
			c.addKey(sp+"/id", "ask it for every item, or outside the repeat", "question '%s' in repeat '%s' cannot have show_if or calculate", sq.ID, q.ID)
		}
		c.question(sp, sq)
	}
}
