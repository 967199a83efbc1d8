// Package service is Guildhall's service definition language: a council service
// (report a pothole, an FOI request, a councillor's enquiry) declared in YAML.
//
// Parse reads one YAML file into a Definition and reports every problem with its
// file:line:col; Check runs the semantic checks across a whole folder; a loaded
// Definition is immutable and safe to share between goroutines. The package is a
// pure library: it imports nothing else from Guildhall.
package service

import "github.com/guildhall-platform/guildhall/internal/lang"

// Audience says who may use a service.
type Audience string

// Audiences.
const (
	AudiencePublic     Audience = "public"
	AudienceStaff      Audience = "staff"
	AudienceCouncillor Audience = "councillor"
)

// Classification is the Government Security Classification of a service's cases.
// OFFICIAL-SENSITIVE is OFFICIAL with the SENSITIVE handling caveat: need to know.
type Classification string

// Classifications, in increasing order of sensitivity.
const (
	Official          Classification = "OFFICIAL"
	OfficialSensitive Classification = "OFFICIAL-SENSITIVE"
)

// Definition is one compiled service. Treat it as read-only.
type Definition struct {
	ID      string `json:"id"`
	Version int    `json:"version,omitempty"`
	// Languages are those the service is offered in; English when empty.
	// With Welsh, every text a resident reads needs its cy: translation.
	Languages []lang.Tag `json:"languages,omitempty"`
	// Cy holds the Welsh of Name and Summary; the Welsh of each page,
	// question, option, rule, state and notification sits beside it.
	Cy       *Welsh   `json:"cy,omitempty"`
	Name     string   `json:"name"`
	Summary  string   `json:"summary"`
	Category string   `json:"category"`
	Keywords []string `json:"keywords,omitempty"`
	// Examples are requests in residents' own words ("there's a mattress
	// dumped in our lane"), English or Welsh, that the triage model learns
	// the service from; search does not use them.
	Examples       []string       `json:"examples,omitempty"`
	Audience       []Audience     `json:"audience"`
	Team           string         `json:"team"`
	Classification Classification `json:"classification"`
	// Roles names every role that may act on the service's cases.
	Roles []string `json:"roles,omitempty"`
	// Applicant maps the question ids that hold the applicant's identity, so that
	// cases feed person records and residents can track their request.
	Applicant ApplicantFields `json:"applicant,omitempty"`
	Pages     []Page          `json:"pages"`
	// Rules compare answers with each other (an end date after a start date).
	Rules         []Rule         `json:"rules,omitempty"`
	Workflow      Workflow       `json:"workflow"`
	Clock         *Clock         `json:"clock,omitempty"`
	Notifications []Notification `json:"notifications,omitempty"`
	Retention     Retention      `json:"retention"`
	Publish       *Publish       `json:"publish,omitempty"`
	Open311       *Open311       `json:"open311,omitempty"`
	// Payment takes a fee through GOV.UK Pay before the case is made.
	Payment *Payment `json:"payment,omitempty"`
	// Sharing names the question (radios, options among ShareNobody,
	// ShareWard, ShareParty) where a councillor says who else may read the
	// case they raise.
	Sharing string `json:"sharing,omitempty"`
	// Source is where the definition was read from, for error messages.
	Source string `json:"-"`

	// pos locates every field in the source, for semantic check messages;
	// nil for definitions built in Go.
	pos *positions
	// lang is the language of the texts; welsh is the Welsh definition
	// of a Welsh-enabled service, made once when it is parsed.
	lang  lang.Tag
	welsh *Definition
}

// ApplicantFields names questions (by id) holding who the case is for.
type ApplicantFields struct {
	Name    string `json:"name,omitempty"`
	Email   string `json:"email,omitempty"`
	Phone   string `json:"phone,omitempty"`
	Address string `json:"address,omitempty"`
	// DateOfBirth is optional; it helps record linkage.
	DateOfBirth string `json:"date_of_birth,omitempty"`
	// ContactBy is the radios question where the resident says how they
	// want to hear from the council: its options' values are ContactEmail
	// and ContactSMS. Without it a resident is written to by email when
	// they gave an address, else by text message.
	ContactBy string `json:"contact_by,omitempty"`
}

// The ways a resident may choose to be contacted (the values of the
// applicant's contact_by question) and the channels messages go by.
const (
	ContactEmail = "email"
	ContactSMS   = "sms"
)

// Page is one page of the form: GOV.UK "one thing per page".
type Page struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Cy        *Welsh     `json:"cy,omitempty"`
	Questions []Question `json:"questions"`
	ShowIf    *Condition `json:"show_if,omitempty"`
}

// QuestionType is the kind of answer a question takes.
type QuestionType string

// Question types.
const (
	TypeText       QuestionType = "text"
	TypeTextarea   QuestionType = "textarea"
	TypeNumber     QuestionType = "number"
	TypeDate       QuestionType = "date"
	TypeEmail      QuestionType = "email"
	TypePhone      QuestionType = "phone"    // UK phone number
	TypePostcode   QuestionType = "postcode" // UK postcode
	TypeAddress    QuestionType = "address"  // UK address, UPRN kept when known
	TypeRadios     QuestionType = "radios"
	TypeCheckboxes QuestionType = "checkboxes"
	TypeSelect     QuestionType = "select"
	TypeYesNo      QuestionType = "yesno"
	TypeFile       QuestionType = "file"
	TypeLocation   QuestionType = "location" // map point, UPRN or description
	// TypeRepeat is a group of questions asked once for each item a person
	// adds (their vehicles, the people in their household), with the GOV.UK
	// "add another" pattern; its answer's Items hold one Answers per item.
	TypeRepeat QuestionType = "repeat"
	// TypeTeam is a transition field only: one of the council's teams (the
	// platform lists them), and the case moves to the team chosen.
	TypeTeam QuestionType = "team"
)

// Question is one question on a page.
type Question struct {
	ID       string       `json:"id"`
	Type     QuestionType `json:"type"`
	Label    string       `json:"label"`
	Hint     string       `json:"hint,omitempty"`
	Cy       *Welsh       `json:"cy,omitempty"`
	Options  []Option     `json:"options,omitempty"`
	Validate Validation   `json:"validate,omitempty"`
	ShowIf   *Condition   `json:"show_if,omitempty"`
	// Accept lists the MIME types a file question accepts, checked by content.
	Accept []string `json:"accept,omitempty"`
	// MaxBytes limits a file question's size.
	MaxBytes int64 `json:"max_bytes,omitempty"`
	// Calculate makes a number question's answer a calculation from earlier
	// answers ("likelihood * impact"), computed by the codec and never typed:
	// a person cannot lower a score to escape an escalation.
	Calculate string `json:"calculate,omitempty"`
	// Questions are a repeat question's questions, asked for each item.
	Questions []Question `json:"questions,omitempty"`
	// Item names one item of a repeat in the singular ("vehicle"): "Add
	// another vehicle", "Vehicle 2".
	Item string `json:"item,omitempty"`
	// MinItems and MaxItems limit how many items a repeat holds; a MinItems
	// of one or more makes the repeat required. MaxItems 0 means MaxRepeat.
	MinItems int `json:"min_items,omitempty"`
	MaxItems int `json:"max_items,omitempty"`
	// Personal marks answers that identify a person: redacted from open data and
	// from subject access exports of third parties.
	Personal bool `json:"personal,omitempty"`
	// Line is the line in the source file, for error messages.
	Line int `json:"-"`
	// lang is the language its error messages are written in.
	lang lang.Tag
}

// Option is one choice of a radios, checkboxes or select question.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Hint  string `json:"hint,omitempty"`
	Cy    *Welsh `json:"cy,omitempty"`
}

// Validation holds the rules an answer must meet. Each message is what a
// resident sees beside the field when the rule fails; empty means a default.
type Validation struct {
	Required        bool     `json:"required,omitempty"`
	RequiredMessage string   `json:"required_message,omitempty"`
	MinLength       int      `json:"min_length,omitempty"`
	MaxLength       int      `json:"max_length,omitempty"`
	Min             *float64 `json:"min,omitempty"`
	Max             *float64 `json:"max,omitempty"`
	// WholeNumber refuses a number with a fraction ("2.5 adults").
	WholeNumber    bool   `json:"whole_number,omitempty"`
	Pattern        string `json:"pattern,omitempty"`
	PatternMessage string `json:"pattern_message,omitempty"`
	// Past and Future restrict date answers.
	Past   bool `json:"past,omitempty"`
	Future bool `json:"future,omitempty"`
	// Mobile restricts a phone answer to a UK mobile number, one that can
	// receive text messages.
	Mobile bool `json:"mobile,omitempty"`
}

// Condition shows a page or question only when an earlier answer matches.
type Condition struct {
	Question string   `json:"question"`
	Equals   string   `json:"equals,omitempty"`
	In       []string `json:"in,omitempty"`
	NotEmpty bool     `json:"not_empty,omitempty"`
	// AtLeast matches a number answer of at least this value (a risk score of 15
	// or more shows the escalation page).
	AtLeast *float64 `json:"at_least,omitempty"`
}

// Rule is a cross-field rule: Question's answer must come after (or before)
// another date or number question's answer, else Message is shown beside
// Question. It is checked when both are answered.
type Rule struct {
	Question string `json:"question"`
	After    string `json:"after,omitempty"`
	Before   string `json:"before,omitempty"`
	Message  string `json:"message"`
	Cy       *Welsh `json:"cy,omitempty"`
}

// Workflow is the states a case moves through and the transitions between them.
type Workflow struct {
	States      []State      `json:"states"`
	Transitions []Transition `json:"transitions"`
}

// State is one workflow state.
type State struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	// Cy is the label in Welsh, as a resident tracking a case reads it.
	Cy       *Welsh `json:"cy,omitempty"`
	Initial  bool   `json:"initial,omitempty"`
	Terminal bool   `json:"terminal,omitempty"`
	// PausesClock stops the statutory clock while a case is in this state;
	// the days from entering to leaving, both included, do not count (an FOI
	// fees notice, s.9; a subject access clarification under Art. 12A).
	PausesClock bool `json:"pauses_clock,omitempty"`
	// RestartsClock stops the clock while a case is in this state (it waits
	// for the requester and is never overdue) and starts a new full period
	// on the day it leaves (FOI clarification, s.1(3); proof of identity for
	// a subject access request).
	RestartsClock bool `json:"restarts_clock,omitempty"`
	// CompletesClock marks the statutory response: reaching this state stops
	// the running clock for good and records its outcome (met, or missed by
	// so many working days). A terminal state completes a running clock too,
	// unless it cancels it.
	CompletesClock bool `json:"completes_clock,omitempty"`
	// CancelsClock ends the request without a response (withdrawn, fee not
	// paid, clarification never came): the clock stops and no outcome is recorded.
	CancelsClock bool `json:"cancels_clock,omitempty"`
	// StartsClock begins a second clock on reaching this state, such as an
	// FOI internal review; it runs, pauses and completes like the first.
	StartsClock *Clock `json:"starts_clock,omitempty"`
	// Open311Status is "open" or "closed"; derived from Terminal when empty.
	Open311Status string `json:"open311_status,omitempty"`
}

// Transition moves a case from one of From to To, by someone holding one of Roles.
type Transition struct {
	ID    string   `json:"id"`
	Label string   `json:"label"`
	From  []string `json:"from"`
	To    string   `json:"to"`
	Roles []string `json:"roles"`
	// Fields are what the officer must fill in (e.g. a resolution note).
	Fields []Question `json:"fields,omitempty"`
	// Extends adds time to the statutory clock (e.g. public interest test).
	Extends *Extension `json:"extends,omitempty"`
	// ClockDate names a date field of this transition: the day the awaited
	// information (proof of identity, a clarification, a fee) arrived. The
	// clock restarts or resumes from that day rather than the day the
	// transition is recorded; left blank, it is the day recorded.
	ClockDate string `json:"clock_date,omitempty"`
}

// Extension is extra time on a clock.
type Extension struct {
	Length int       `json:"length"`
	Unit   ClockUnit `json:"unit"`
}

// ClockUnit is how a statutory period is counted.
type ClockUnit string

// Clock units.
const (
	WorkingDays    ClockUnit = "working_days"
	CalendarDays   ClockUnit = "calendar_days"
	CalendarMonths ClockUnit = "calendar_months"
)

// Clock is a service's statutory or service-level deadline.
type Clock struct {
	Length int       `json:"length"`
	Unit   ClockUnit `json:"unit"`
	// Region selects the bank holidays: england-and-wales, scotland,
	// northern-ireland, or all-uk (the FOIA definition of a working day).
	Region string `json:"region,omitempty"`
	// DayOne is day_after_receipt (FOIA s.10(1): "the twentieth working day
	// following the date of receipt"; the default for days) or
	// day_of_receipt (the default, and the only choice, for calendar months).
	DayOne string `json:"day_one,omitempty"`
	// Receipt is when a request that arrives on a non-working day counts as
	// received: as_received (the default, the ICO's reading) or
	// next_working_day (the 2018 s.45 code of practice's reading).
	Receipt string `json:"receipt,omitempty"`
	// Roll says what happens to a due date that is not a working day:
	// next_working_day (the default for calendar months) or none (the
	// default for calendar days).
	Roll string `json:"roll,omitempty"`
}

// Event names a moment a notification can be sent.
type Event string

// Notification events.
const (
	EventSubmitted    Event = "submitted"
	EventTransitioned Event = "transitioned"
	EventOverdue      Event = "overdue"
	EventNote         Event = "note" // a note sent to the resident
)

// Notification is a message template sent on an event.
type Notification struct {
	Event Event `json:"event"`
	// Transition limits a "transitioned" notification to one transition id.
	Transition string `json:"transition,omitempty"`
	// To names the recipients: RecipientResident, RecipientTeam,
	// RecipientRaisedBy.
	To      []string `json:"to"`
	Subject string   `json:"subject"`
	// Body may use {{reference}}, {{service}}, {{state}}, {{due}}, {{note}}
	// and {{answer.<question id>}}.
	Body string `json:"body"`
	// SMS is the text message sent instead of Body to a resident who chose
	// to be contacted by text (or gave a mobile number and no email
	// address); Body when empty.
	SMS string `json:"sms,omitempty"`
	// Cy is the message in Welsh, sent to a resident who used the service
	// in Welsh.
	Cy *Welsh `json:"cy,omitempty"`
	// NoteField names the field of Transition whose answer {{note}} shows (a
	// response, an outcome). In a "note" notification {{note}} is the note.
	NoteField string `json:"note_field,omitempty"`
	// NotifyTemplate is an optional GOV.UK Notify template id.
	NotifyTemplate string `json:"notify_template,omitempty"`
}

// Recipients a notification can name in To.
const (
	// RecipientResident is the applicant, by the way they chose (see
	// Applicant.Contact).
	RecipientResident = "resident"
	// RecipientTeam is the mailbox of the team that holds the case.
	RecipientTeam = "team"
	// RecipientRaisedBy is the councillor or member of staff who raised the
	// case in the workspace (a member enquiry's councillor).
	RecipientRaisedBy = "raised_by"
)

// SMSLimit is the most characters a text message may hold (GOV.UK Notify
// sends up to 918, as six joined parts).
const SMSLimit = 918

// The answers a sharing question takes: share a councillor's case with
// nobody, with the other councillors of their ward, or with their party
// group in the ward.
const (
	ShareNobody = "nobody"
	ShareWard   = "ward"
	ShareParty  = "party"
)

// Retention says how long cases are kept and what happens then.
type Retention struct {
	// Period is an ISO 8601 duration: P6Y, P3Y, P18M, P30D.
	Period string `json:"period"`
	// Trigger is when the period starts: closed, created, last_action.
	Trigger string `json:"trigger"`
	// Action is delete, anonymise or review.
	Action string `json:"action"`
	// Authority is the statute or business reason, for the disposal record.
	Authority string `json:"authority,omitempty"`
}

// Publish says which answers may become open data.
type Publish struct {
	Dataset string   `json:"dataset"`
	Fields  []string `json:"fields"`
	// LocationDecimals rounds published coordinates (3 ≈ 100 m).
	LocationDecimals int    `json:"location_decimals,omitempty"`
	Licence          string `json:"licence,omitempty"`
	// DisclosureLog publishes each answered request to the public disclosure
	// log (Freedom of Information), redacted, so a resident can find an
	// answer before asking again.
	DisclosureLog *DisclosureLog `json:"disclosure_log,omitempty"`
	// Photos are the file questions whose photo (a JPEG or PNG) is shown on
	// the report's public page, cleaned of where and when it was taken; a
	// service naming one also shows the photos residents add to their
	// updates. An officer may hide any of them. Photos are never open data.
	Photos []string `json:"photos,omitempty"`
}

// PublishesPhotos reports whether d shows its reports' photos to the public.
func (d *Definition) PublishesPhotos() bool { return d.Publish != nil && len(d.Publish.Photos) > 0 }

// DisclosureLog names where a request and its response are held: Request is
// a question, Transition the transition that sends the response, Response
// and Outcome fields of that transition.
type DisclosureLog struct {
	Request    string `json:"request"`
	Transition string `json:"transition"`
	Response   string `json:"response"`
	Outcome    string `json:"outcome,omitempty"`
}

// Open311 exposes a service through the Open311 GeoReport v2 API.
type Open311 struct {
	ServiceCode string `json:"service_code,omitempty"` // defaults to the service id
	Type        string `json:"type,omitempty"`         // realtime (default) or batch
	Group       string `json:"group,omitempty"`
}
