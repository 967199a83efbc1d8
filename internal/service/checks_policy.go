package service

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

var (
	clockUnits        = []ClockUnit{WorkingDays, CalendarDays, CalendarMonths}
	clockRegions      = []string{"england-and-wales", "scotland", "northern-ireland", "all-uk"}
	events            = []Event{EventSubmitted, EventTransitioned, EventOverdue, EventNote}
	retentionTriggers = []string{"closed", "created", "last_action"}
	retentionActions  = []string{"delete", "anonymise", "review"}
)

// PublishBuiltins are case fields a publish rule may name besides question
// ids: the case reference, its service, state and timestamps.
var PublishBuiltins = []string{"reference", "service", "status", "submitted_at", "updated_at", "closed_at"}

func joinUnits() string {
	s := make([]string, len(clockUnits))
	for i, u := range clockUnits {
		s[i] = string(u)
	}
	return strings.Join(s, ", ")
}

func (c *checker) clock() {
	if c.d.Clock != nil {
		c.clockRule("/clock", c.d.Clock)
	}
	hasClock := c.d.Clock != nil
	for _, st := range c.d.Workflow.States {
		hasClock = hasClock || st.StartsClock != nil
	}
	for i, st := range c.d.Workflow.States {
		sp := fmt.Sprintf("/workflow/states/%d", i)
		if st.StartsClock != nil {
			c.clockRule(sp+"/starts_clock", st.StartsClock)
		}
		var set []string
		for name, on := range map[string]bool{"pauses_clock": st.PausesClock, "restarts_clock": st.RestartsClock,
			"completes_clock": st.CompletesClock, "cancels_clock": st.CancelsClock} {
			if on {
				set = append(set, name)
			}
		}
		slices.Sort(set)
		if len(set) > 1 {
			c.add(sp, "keep one of them", "state '%s' sets %s: a state does one thing to the clock", st.ID, strings.Join(set, " and "))
		}
		if len(set) > 0 && !hasClock {
			c.add(sp+"/"+set[0], "add a 'clock:' to the service, or remove '"+set[0]+"'", "state '%s' sets %s, but the service has no clock", st.ID, set[0])
		}
	}
}

var (
	clockDayOnes  = []string{"day_after_receipt", "day_of_receipt"}
	clockReceipts = []string{"as_received", "next_working_day"}
	clockRolls    = []string{"next_working_day", "none"}
)

// clockRule checks one clock: the service's or a state's starts_clock.
func (c *checker) clockRule(ptr string, k *Clock) {
	if !slices.Contains(clockUnits, k.Unit) {
		c.add(ptr+"/unit", "use one of: "+joinUnits(), "clock unit '%s' is not known", k.Unit)
	}
	if k.Region != "" && !slices.Contains(clockRegions, k.Region) {
		c.add(ptr+"/region", "use one of: "+strings.Join(clockRegions, ", "), "clock region '%s' is not known%s", k.Region, didYouMean(k.Region, clockRegions))
	}
	for _, o := range []struct {
		key, value string
		allowed    []string
	}{{"day_one", k.DayOne, clockDayOnes}, {"receipt", k.Receipt, clockReceipts}, {"roll", k.Roll, clockRolls}} {
		if o.value != "" && !slices.Contains(o.allowed, o.value) {
			c.add(ptr+"/"+o.key, "use one of: "+strings.Join(o.allowed, ", "), "clock %s '%s' is not known%s", o.key, o.value, didYouMean(o.value, o.allowed))
		}
	}
	if k.Unit == CalendarMonths && k.DayOne == "day_after_receipt" {
		c.add(ptr+"/day_one", "remove 'day_one', or use day_of_receipt", "calendar months count the day of receipt as day one (UK GDPR Art. 12A, as the ICO reads it)")
	}
}

var placeholder = regexp.MustCompile(`\{\{\s*([a-z0-9_.-]+)\s*\}\}`)

func (c *checker) notifications() {
	transitions := map[string]*Transition{}
	for i := range c.d.Workflow.Transitions {
		transitions[c.d.Workflow.Transitions[i].ID] = &c.d.Workflow.Transitions[i]
	}
	for i, n := range c.d.Notifications {
		np := fmt.Sprintf("/notifications/%d", i)
		if !slices.Contains(events, n.Event) {
			c.add(np+"/event", "use one of: submitted, transitioned, overdue, note", "notification event '%s' is not known", n.Event)
		}
		if n.Transition != "" {
			if transitions[n.Transition] == nil {
				c.add(np+"/transition", "transitions are: "+strings.Join(keys(transitions), ", "), "notification refers to unknown transition '%s'%s", n.Transition, didYouMean(n.Transition, keys(transitions)))
			}
			if n.Event != EventTransitioned {
				c.addKey(np+"/transition", "use 'event: transitioned' or remove 'transition'", "'transition' only applies to event 'transitioned', not '%s'", n.Event)
			}
		}
		if n.Event == EventOverdue && c.d.Clock == nil {
			c.add(np+"/event", "add a 'clock:' to the service", "an 'overdue' notification needs a clock")
		}
		c.noteField(np, n, transitions[n.Transition])
		if slices.Contains(n.To, RecipientRaisedBy) && !slices.Contains(c.d.Audience, AudienceStaff) && !slices.Contains(c.d.Audience, AudienceCouncillor) {
			c.add(np+"/to", "send it to 'resident' or 'team', or add 'staff' or 'councillor' to 'audience'", "'raised_by' is always empty here: only staff and councillors raise cases, and this service is for %s", audienceList(c.d.Audience))
		}
		c.placeholders(np+"/body", n.Body)
		c.placeholders(np+"/subject", n.Subject)
		if n.SMS != "" {
			c.placeholders(np+"/sms", n.SMS)
		}
		c.smsLength(np, n)
	}
}

// noteField checks where {{note}} takes its text from: the note itself in a
// "note" notification, else the transition field note_field names. Without
// it a response would reach the resident as an empty line.
func (c *checker) noteField(np string, n Notification, t *Transition) {
	uses := usesNote(n.Subject + n.Body + n.SMS)
	if n.NoteField != "" {
		if n.Event != EventTransitioned || n.Transition == "" {
			c.addKey(np+"/note_field", "name the transition with 'transition:', or remove 'note_field'", "'note_field' needs a 'transitioned' notification for one transition")
			return
		}
		if t == nil {
			return // the unknown transition is reported already
		}
		var ids []string
		for _, f := range t.Fields {
			ids = append(ids, f.ID)
		}
		if !slices.Contains(ids, n.NoteField) {
			hint := "add the field to transition '" + t.ID + "', or name one of its fields"
			if len(ids) > 0 {
				hint = "its fields are: " + strings.Join(ids, ", ")
			}
			c.add(np+"/note_field", hint, "note_field '%s' is not a field of transition '%s'%s", n.NoteField, t.ID, didYouMean(n.NoteField, ids))
		}
		if !uses {
			c.addKey(np+"/note_field", "put {{note}} in the body where the text belongs", "note_field '%s' is not used: the message has no {{note}}", n.NoteField)
		}
		return
	}
	if !uses {
		return
	}
	switch n.Event {
	case EventNote:
	case EventTransitioned:
		c.addKey(np, "add 'note_field:' naming the field of the transition that holds the text (a response, an outcome)", "{{note}} has no text: say which field it shows with 'note_field:'")
	default:
		c.addKey(np, "remove {{note}}; only 'note' and 'transitioned' notifications have a note", "{{note}} is always empty in a '%s' notification", n.Event)
	}
}

func usesNote(text string) bool {
	for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
		if m[1] == "note" {
			return true
		}
	}
	return false
}

// smsWidths are the longest values the fixed placeholders take.
var smsWidths = map[string]int{"reference": 9, "due": len("Wednesday 30 September 2026")}

// smsLength checks that a text message to the resident fits GOV.UK Notify's
// limit with its placeholders filled; a note longer than what is left is cut
// when the message is sent.
func (c *checker) smsLength(np string, n Notification) {
	if c.d.Applicant.Phone == "" || !slices.Contains(n.To, RecipientResident) {
		return
	}
	text, ptr := n.SMS, np+"/sms"
	if text == "" {
		text, ptr = n.Body, np+"/body"
	}
	size := len([]rune(placeholder.ReplaceAllString(text, "")))
	for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
		switch name := m[1]; {
		case name == "service":
			size += len([]rune(c.d.Name))
		case strings.HasPrefix(name, "answer."):
			if q, _, ok := c.d.findQuestion(strings.TrimPrefix(name, "answer.")); ok && q.Validate.MaxLength > 0 {
				size += q.Validate.MaxLength
			}
		default:
			size += smsWidths[name]
		}
	}
	if size > SMSLimit {
		c.add(ptr, "add a shorter 'sms:' version of the message", "the text message can be %d characters; GOV.UK Notify sends at most %d", size, SMSLimit)
	}
}

func (c *checker) placeholders(ptr, text string) {
	for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
		name := m[1]
		if id, ok := strings.CutPrefix(name, "answer."); ok {
			if _, _, found := c.d.findQuestion(id); !found {
				c.add(ptr, "use the id of a question in the form", "{{%s}} refers to unknown question '%s'", name, id)
			}
			continue
		}
		if !slices.Contains([]string{"reference", "service", "state", "due", "note"}, name) {
			c.add(ptr, "placeholders are {{reference}}, {{service}}, {{state}}, {{due}}, {{note}} and {{answer.<question id>}}", "unknown placeholder {{%s}}", name)
		}
	}
}

func (c *checker) retention() {
	r := c.d.Retention
	if r.Trigger == "" {
		c.addKey("/retention", "add 'trigger:' — closed, created or last_action — saying when the period starts", "retention has no trigger")
	} else if !slices.Contains(retentionTriggers, r.Trigger) {
		c.add("/retention/trigger", "use one of: "+strings.Join(retentionTriggers, ", "), "retention trigger '%s' is not known", r.Trigger)
	}
	if _, err := ParsePeriod(r.Period); err != nil {
		c.add("/retention/period", "write an ISO 8601 period such as P6Y (six years), P18M or P30D", "retention period %q: %v", r.Period, err)
	}
	if !slices.Contains(retentionActions, r.Action) {
		c.add("/retention/action", "use one of: "+strings.Join(retentionActions, ", "), "retention action '%s' is not known", r.Action)
	}
}

// applicantTypes says which question types may hold each applicant part.
var applicantTypes = map[string][]QuestionType{
	"name":          {TypeText},
	"email":         {TypeEmail},
	"phone":         {TypePhone},
	"address":       {TypeAddress, TypeLocation, TypePostcode},
	"date_of_birth": {TypeDate},
	"contact_by":    {TypeRadios},
}

func (c *checker) applicant() {
	a := c.d.Applicant
	for part, id := range map[string]string{"name": a.Name, "email": a.Email, "phone": a.Phone, "address": a.Address, "date_of_birth": a.DateOfBirth, "contact_by": a.ContactBy} {
		if id == "" {
			continue
		}
		ptr := "/applicant/" + part
		q, _, ok := c.d.findQuestion(id)
		if !ok {
			c.add(ptr, "name the id of a question in the form", "applicant %s refers to unknown question '%s'", part, id)
			continue
		}
		if want := applicantTypes[part]; !slices.Contains(want, q.Type) {
			c.add(ptr, fmt.Sprintf("point it at %s %s question", aOrAn(string(want[0])), want[0]), "applicant %s is question '%s', %s %s question", part, id, aOrAn(string(q.Type)), q.Type)
		} else if part == "contact_by" {
			c.contactChoice(ptr, q)
		}
	}
}

// contactChoice checks the question where a resident chooses how to be
// contacted: it offers exactly email and text message, and the service
// asks for both the address and the number it would then use.
func (c *checker) contactChoice(ptr string, q *Question) {
	var values []string
	for _, o := range q.Options {
		values = append(values, o.Value)
	}
	slices.Sort(values)
	if !slices.Equal(values, []string{ContactEmail, ContactSMS}) {
		c.add(ptr, "give it two options, with values email and sms", "applicant contact_by question '%s' offers %s, not email and sms", q.ID, strings.Join(values, ", "))
	}
	if c.d.Applicant.Email == "" || c.d.Applicant.Phone == "" {
		c.add(ptr, "map applicant email and phone to the questions that ask for them", "applicant contact_by needs both an applicant email and an applicant phone question")
	}
}

func (c *checker) publish() {
	p := c.d.Publish
	if p == nil {
		return
	}
	if c.d.Classification == OfficialSensitive {
		c.addKey("/publish", "remove 'publish:'; OFFICIAL-SENSITIVE cases are need-to-know and never open data", "an OFFICIAL-SENSITIVE service cannot publish open data")
	}
	for i, f := range p.Fields {
		fp := fmt.Sprintf("/publish/fields/%d", i)
		if slices.Contains(PublishBuiltins, f) {
			continue
		}
		q, _, ok := c.d.findQuestion(f)
		switch {
		case !ok:
			c.add(fp, "name a question id, or one of: "+strings.Join(PublishBuiltins, ", "), "publish field '%s' is not a question", f)
		case q.Personal:
			c.add(fp, "remove it from 'fields'; open data never holds personal data", "publish field '%s' is marked personal", f)
		case q.Type == TypeFile:
			c.add(fp, "remove it; documents are not published", "publish field '%s' is a file", f)
		case q.Type == TypeRepeat:
			c.add(fp, "remove it; a data set has one row per case, so a list of items cannot be a column", "publish field '%s' is a repeat", f)
		}
	}
	for i, id := range p.Photos {
		q, _, ok := c.d.findQuestion(id)
		if !ok || q.Type != TypeFile || q.Personal {
			c.add(fmt.Sprintf("/publish/photos/%d", i), "name a file question that asks for a photo of the problem, not a personal one", "publish photo '%s' is not a non-personal file question", id)
		}
	}
	c.disclosureLog(p.DisclosureLog)
}

// disclosureLog checks that the log's request is a non-personal free-text
// question and that its response and outcome are fields of the transition
// that sends the response, so that what is published is what was sent.
func (c *checker) disclosureLog(dl *DisclosureLog) {
	if dl == nil {
		return
	}
	if q, _, ok := c.d.findQuestion(dl.Request); !ok || q.Personal || (q.Type != TypeText && q.Type != TypeTextarea) {
		c.add("/publish/disclosure_log/request", "name the text or textarea question that holds the request, not a personal one", "disclosure log request '%s' is not a non-personal text question", dl.Request)
	}
	t, ok := c.d.Transition(dl.Transition)
	if !ok {
		c.add("/publish/disclosure_log/transition", "name the transition that sends the response", "disclosure log transition '%s' is not a transition", dl.Transition)
		return
	}
	field := func(id string, types ...QuestionType) bool {
		for _, f := range t.Fields {
			if f.ID == id {
				return slices.Contains(types, f.Type)
			}
		}
		return false
	}
	if !field(dl.Response, TypeTextarea, TypeText) {
		c.add("/publish/disclosure_log/response", "name a text or textarea field of transition '"+t.ID+"'", "disclosure log response '%s' is not a text field of transition '%s'", dl.Response, t.ID)
	}
	if dl.Outcome != "" && !field(dl.Outcome, TypeRadios, TypeSelect) {
		c.add("/publish/disclosure_log/outcome", "name a radios or select field of transition '"+t.ID+"'", "disclosure log outcome '%s' is not a choice field of transition '%s'", dl.Outcome, t.ID)
	}
}

// exposure refuses combinations that would leak: Open311 is a public API,
// so only public services may use it.
func (c *checker) exposure() {
	if c.d.Open311 != nil && !slices.Contains(c.d.Audience, AudiencePublic) {
		c.addKey("/open311", "remove 'open311:', or add 'public' to 'audience'", "service for %s cannot be exposed through Open311, a public API", audienceList(c.d.Audience))
	}
	if c.d.Open311 != nil && c.d.Classification == OfficialSensitive {
		c.addKey("/open311", "remove 'open311:'", "an OFFICIAL-SENSITIVE service cannot be exposed through Open311")
	}
}

func audienceList(a []Audience) string {
	s := make([]string, len(a))
	for i, x := range a {
		s[i] = string(x)
	}
	return strings.Join(s, " and ")
}

// findQuestion finds a form question by id: the question and its page index.
func (d *Definition) findQuestion(id string) (*Question, int, bool) {
	for i := range d.Pages {
		for j := range d.Pages[i].Questions {
			if d.Pages[i].Questions[j].ID == id {
				return &d.Pages[i].Questions[j], i, true
			}
		}
	}
	return nil, -1, false
}

// aOrAn is the indefinite article for a word: "an email", "a date".
func aOrAn(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

// sharing checks the question that holds a councillor's sharing choice.
func (c *checker) sharing() {
	id := c.d.Sharing
	if id == "" {
		return
	}
	if !slices.Contains(c.d.Audience, AudienceCouncillor) {
		c.add("/sharing", "remove 'sharing', or add 'councillor' to 'audience'", "only cases councillors raise can be shared between councillors")
	}
	q, _, ok := c.d.findQuestion(id)
	if !ok {
		c.add("/sharing", "name the id of a radios question in the form", "sharing refers to unknown question '%s'", id)
		return
	}
	allowed := []string{ShareNobody, ShareWard, ShareParty}
	if q.Type != TypeRadios {
		c.add("/sharing", "make it a radios question with the options nobody, ward and party", "sharing question '%s' is %s %s question", id, aOrAn(string(q.Type)), q.Type)
		return
	}
	values := q.optionValues()
	for _, v := range values {
		if !slices.Contains(allowed, v) {
			c.add("/sharing", "its option values must be nobody, ward or party", "sharing question '%s' has the option '%s'", id, v)
		}
	}
	if !slices.Contains(values, ShareNobody) {
		c.add("/sharing", "add the option {value: nobody, label: ...}", "sharing question '%s' has no option 'nobody'", id)
	}
}
