package service

import (
	"maps"
	"slices"
	"time"
)

// ValidateAll re-validates a complete submission (from the form pages, the
// JSON API or Open311) before a case is created: only questions the person
// would see count, required ones must be answered, and every rule of
// DecodePage applies. It edits answers in place: hidden and unknown answers
// are dropped and the rest replaced by their normalised form.
func (d *Definition) ValidateAll(answers Answers) FieldErrors {
	return d.ValidateAllAt(answers, time.Now())
}

// ValidateAllAt is ValidateAll with today's date given.
func (d *Definition) ValidateAllAt(answers Answers, now time.Time) FieldErrors {
	kept := Answers{}
	var errs FieldErrors
	d.eachVisible(func(q *Question, seen Answers) {
		ans := answers[q.ID]
		if q.Calculate != "" { // an API client cannot set it either
			ans = Answer{Text: calculated(q, seen)}
		}
		var na Answer
		var fe FieldErrors
		if q.Type == TypeFile {
			na, fe = ans, checkFileRef(q, ans.File)
		} else {
			na, fe = checkAnswer(q, ans, now)
		}
		errs = append(errs, fe...)
		if !na.IsEmpty() {
			kept[q.ID] = na
			seen[q.ID] = na
		}
	})
	if len(errs) == 0 {
		errs = d.ruleErrors(answeredIDs(kept), kept)
	}
	clear(answers)
	maps.Copy(answers, kept)
	return errs
}

// DecodeAll reads a whole submission from form fields named as DecodePage
// names them (for form-encoded API and Open311 requests). Files are not read.
func (d *Definition) DecodeAll(form Form) (Answers, FieldErrors) {
	return d.DecodeAllAt(form, time.Now())
}

// DecodeAllAt is DecodeAll with today's date given.
func (d *Definition) DecodeAllAt(form Form, now time.Time) (Answers, FieldErrors) {
	out := Answers{}
	var errs FieldErrors
	d.eachVisible(func(q *Question, seen Answers) {
		if q.Type == TypeFile {
			errs = append(errs, checkFileRef(q, nil)...)
			return
		}
		a, fe := decodeQuestion(q, form, now)
		if q.Calculate != "" {
			a, fe = checkAnswer(q, Answer{Text: calculated(q, seen)}, now)
		}
		errs = append(errs, fe...)
		if !a.IsEmpty() {
			out[q.ID], seen[q.ID] = a, a
		}
	})
	return out, errs
}

// eachVisible calls fn for each question shown, in page order, deciding
// visibility from the answers fn has accepted so far (seen), which it grows.
func (d *Definition) eachVisible(fn func(q *Question, seen Answers)) {
	seen := Answers{}
	for i := range d.Pages {
		p := &d.Pages[i]
		if p.ShowIf != nil && !p.ShowIf.Matches(seen) {
			continue
		}
		for j := range p.Questions {
			q := &p.Questions[j]
			if q.ShowIf == nil || q.ShowIf.Matches(seen) {
				fn(q, seen)
			}
		}
	}
}

// checkFileRef checks a stored upload against the question's rules (the
// bytes were checked by CheckFile when they arrived).
func checkFileRef(q *Question, ref *FileRef) FieldErrors {
	if ref == nil {
		return required(q, q.ID)
	}
	if ref.Key == "" || ref.Size <= 0 {
		return FieldErrors{{q.ID, say(q, "The selected file is empty")}}
	}
	if msg := CheckUploadName(ref.Name); msg != "" {
		return FieldErrors{{q.ID, msg}}
	}
	if limit := maxBytes(q); ref.Size > limit {
		return FieldErrors{{q.ID, say(q, "The selected file must be smaller than %s", sizeText(limit))}}
	}
	if !slices.Contains(accepted(q), ref.ContentType) {
		return FieldErrors{{q.ID, say(q, "The selected file must be %s", typeList(q, accepted(q)))}}
	}
	return nil
}

func answeredIDs(a Answers) map[string]bool {
	ids := make(map[string]bool, len(a))
	for id := range a {
		ids[id] = true
	}
	return ids
}
