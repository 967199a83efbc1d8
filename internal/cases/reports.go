package cases

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/opendata"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// ReportStore is what reports on a map need from storage: where open cases
// are, and who follows them. internal/store implements it.
type ReportStore interface {
	// NearbyOpenCases returns up to limit open cases of a service whose map
	// point lies in box, each with its point.
	NearbyOpenCases(ctx context.Context, serviceID string, box Box, limit int) ([]Located, error)
	// CasesNear returns up to limit OFFICIAL cases of the services, open
	// or closed, whose point lies in box, nearest to at first.
	CasesNear(ctx context.Context, serviceIDs []string, box Box, at Point, limit int) ([]Located, error)
	// CasePoint returns a case's map point, or fault.NotFound when it has none.
	CasePoint(ctx context.Context, caseID int64) (Point, error)
	// FollowCase adds a follower and, when they were not following already,
	// queues confirm, in one transaction; added says which it was.
	FollowCase(ctx context.Context, caseID int64, f Follower, confirm jobs.Message) (added bool, err error)
	// CaseFollowers lists a case's followers, first to follow first.
	CaseFollowers(ctx context.Context, caseID int64) ([]Follower, error)
}

// Located is a case with its point on the map.
type Located struct {
	Case  Case
	Point Point
}

// Follower is an address told of a report's public updates.
type Follower struct {
	Channel string // email or sms
	Address string
	// Lang is the language they followed in, which their messages use.
	Lang lang.Tag
}

// who is the follower without their language: the address that identifies
// them, as a key of the sets of followers already told or following.
func (f Follower) who() Follower { return Follower{Channel: f.Channel, Address: f.Address} }

// DefaultNearbyMetres is how far around a new report the resident is shown
// open reports of the same service, when the platform does not say.
const DefaultNearbyMetres = 50

// nearbyScan caps the cases read for one nearby question: a street's worth
// of open reports, far more than a resident can be shown.
const nearbyScan, nearbyShown = 500, 10

// PublicReport is what anyone may see of a report in a public service: its
// state, when it was made, where (rounded as the service's publish block
// declares) and the place's description through the open-data redactor.
type PublicReport struct {
	Ref         string
	ServiceID   string
	ServiceName string
	Status      string
	Closed      bool
	SubmittedAt time.Time
	Point       Point
	HasPoint    bool
	Place       string // the resident's description of the place, redacted
	// DuplicateOf is the reference of the report this one was closed as a
	// duplicate of (Report only), empty for one that was not.
	DuplicateOf string
	// Metres is the distance from the point asked about (Nearby only).
	Metres int
	// Updates are the report's state changes and public updates, oldest
	// first (no other notes: those are written to the reporter or staff).
	Updates []PublicUpdate
	// Photos are the photos the public may see (Report, and Nearby and
	// ReportsNear after WithPhotos), the report's own first.
	Photos []PublicPhoto
}

// PublicUpdate is one state change or public update as the public sees it.
type PublicUpdate struct {
	At     time.Time
	Status string
	// Note is a public update's text, empty for a state change.
	Note string
}

// isPublic says whether a case is a public report, as the access policy
// decides for the anonymous resident (access.ActionSeePublic): its service
// publishes where its cases are (a publish block naming a location
// question) and neither it nor the case is OFFICIAL-SENSITIVE, and the
// case's person has not restricted its processing. A service
// that publishes other open data only (an FOI log) has no public reports.
func isPublic(def *service.Definition, c Case) bool {
	return access.Decide(access.Anonymous, access.ActionSeePublic, publicResource(def, c)).Allow
}

// publicResource is a case as ActionSeePublic is decided on it.
func publicResource(def *service.Definition, c Case) access.Resource {
	return access.Resource{ServiceID: c.ServiceID, Team: c.Team, Classification: c.Classification,
		PublicReport: publishesPlace(def) && def.Classification == service.Official, Restricted: c.Restricted}
}

func publishesPlace(def *service.Definition) bool {
	if def.Publish == nil {
		return false
	}
	for _, f := range def.Publish.Fields {
		if q, ok := def.Question(f); ok && q.Type == service.TypeLocation {
			return true
		}
	}
	return false
}

// Nearby lists the open reports of a public service within the platform's
// distance of at, nearest first, so a resident can follow one rather than
// report it again. A service that is not public has none to show.
func (s *Service) Nearby(ctx context.Context, serviceID string, at Point) ([]PublicReport, error) {
	def, err := s.definition(serviceID)
	if err != nil || s.Reports == nil || !publishesPlace(def) {
		return nil, err
	}
	within := s.NearbyMetres
	if within <= 0 {
		within = DefaultNearbyMetres
	}
	found, err := s.Reports.NearbyOpenCases(ctx, serviceID, BoxAround(at, within), nearbyScan)
	if err != nil {
		return nil, err
	}
	var out []PublicReport
	for _, l := range found {
		d := at.Metres(l.Point)
		if d > within || !isPublic(def, l.Case) {
			continue
		}
		r := publicReport(def, l.Case, l.Point, true)
		r.Metres = int(d + 0.5)
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Metres < out[j].Metres })
	if len(out) > nearbyShown {
		out = out[:nearbyShown]
	}
	return out, s.WithPhotos(ctx, out)
}

// WithPhotos sets the public photos of each report of a list (Nearby,
// ReportsNear), read only for the reports shown. A report no longer public
// since the list was made is given none.
func (s *Service) WithPhotos(ctx context.Context, rs []PublicReport) error {
	for i := range rs {
		c, def, err := s.publicCase(ctx, rs[i].Ref)
		if errors.Is(err, fault.NotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if !def.PublishesPhotos() {
			continue
		}
		events, err := s.Store.CaseEvents(ctx, c.ID)
		if err != nil {
			return err
		}
		rs[i].Photos = publicPhotos(def, c, events)
	}
	return nil
}

// Report is a report's public page: fault.NotFound for a reference that
// does not exist or whose service is not public, alike.
func (s *Service) Report(ctx context.Context, ref string) (PublicReport, error) {
	c, def, err := s.publicCase(ctx, ref)
	if err != nil {
		return PublicReport{}, err
	}
	p, err := s.Reports.CasePoint(ctx, c.ID)
	if err != nil && !errors.Is(err, fault.NotFound) {
		return PublicReport{}, err
	}
	r := publicReport(def, c, p, err == nil)
	events, err := s.Store.CaseEvents(ctx, c.ID)
	if err != nil {
		return PublicReport{}, err
	}
	status := ""
	for _, e := range events {
		if e.ToState != "" {
			status = def.StateLabel(e.ToState)
		}
		switch e.Kind {
		case EventSubmitted, EventTransitioned:
			r.Updates = append(r.Updates, PublicUpdate{At: e.At, Status: status})
		case EventNote:
			if e.Visibility == Public {
				r.Updates = append(r.Updates, PublicUpdate{At: e.At, Status: status, Note: e.Note})
			}
		case EventMerged:
			r.Updates = append(r.Updates, PublicUpdate{At: e.At, Status: def.StateLabel(e.ToState)})
			r.DuplicateOf = e.Note
		}
	}
	r.Photos = publicPhotos(def, c, events)
	return r, nil
}

func (s *Service) publicCase(ctx context.Context, ref string) (Case, *service.Definition, error) {
	if s.Reports == nil {
		return Case{}, nil, errNotFound(ref)
	}
	c, err := s.Store.CaseByRef(ctx, NormaliseRef(ref))
	if err != nil {
		return Case{}, nil, err
	}
	def, err := s.definition(c.ServiceID)
	if err != nil || !isPublic(def, c) {
		return Case{}, nil, errNotFound(c.Ref)
	}
	return c, def, nil
}

func publicReport(def *service.Definition, c Case, p Point, hasPoint bool) PublicReport {
	r := PublicReport{
		Ref: c.Ref, ServiceID: def.ID, ServiceName: def.Name, Status: def.StateLabel(c.State),
		Closed: c.ClosedAt != nil, SubmittedAt: c.SubmittedAt, HasPoint: hasPoint,
		Point: p.Rounded(def.Publish.LocationDecimals),
	}
	names := []string{c.Applicant.Name}
	for _, pg := range def.Pages {
		for _, q := range pg.Questions {
			if l := c.Answers[q.ID].Location; q.Type == service.TypeLocation && l != nil && l.Description != "" {
				r.Place = opendata.Redactor{Names: names}.Redact(l.Description)
				return r
			}
		}
	}
	return r
}

// Follow adds an email address or UK mobile number to an open public
// report's followers and queues a message confirming it; following twice is
// one follow and one message. Errors: fault.NotFound as Report;
// *service.ValidationError for an address that is neither; fault.Conflict
// for a report already closed.
func (s *Service) Follow(ctx context.Context, ref, contact string, l lang.Tag) (PublicReport, error) {
	c, def, err := s.publicCase(ctx, ref)
	if err != nil {
		return PublicReport{}, err
	}
	f, err := followerOf(contact)
	if err != nil {
		return PublicReport{}, err
	}
	f.Lang = l.Or()
	if c.ClosedAt != nil {
		return PublicReport{}, fault.New(fault.Conflict, "report %s is closed", c.Ref)
	}
	now := s.now().UTC()
	msg := followerMessage(def, c, f, followConfirm, "", s.SiteURL, now)
	if _, err := s.Reports.FollowCase(ctx, c.ID, f, msg); err != nil {
		return PublicReport{}, err
	}
	return publicReport(def, c, Point{}, false), nil
}

// followerOf reads the address a follower gave: an email address (with an
// @) or a UK mobile number, each in the one form it is stored in.
func followerOf(contact string) (Follower, error) {
	contact = strings.TrimSpace(contact)
	bad := func(msg string) error {
		return &service.ValidationError{Errors: []service.FieldError{{Field: "contact", Message: msg}}}
	}
	if contact == "" {
		return Follower{}, bad("Enter an email address or a mobile phone number")
	}
	if strings.Contains(contact, "@") {
		e, err := service.NormaliseEmail(contact)
		if err != nil {
			return Follower{}, bad("Enter an email address in the correct format, like name@example.com")
		}
		// One follower per mailbox, however they type it: mail systems
		// treat the local part without regard to case in practice.
		return Follower{Channel: "email", Address: strings.ToLower(e)}, nil
	}
	p, err := service.NormalisePhone(contact)
	if err != nil || !strings.HasPrefix(p, "07") {
		return Follower{}, bad("Enter a UK mobile number, like 07700 900 982, or an email address")
	}
	return Follower{Channel: "sms", Address: p}, nil
}

// updateNotices tells everyone who follows a public report of one public
// update of it (kind: followClosed, followStatus or followNote with the
// note's text), in the transaction that makes the update, so a change
// written once is told once and a change refused (a conflicting update
// at the same moment) tells nobody. The reporter hears what the service's
// own notifications say (its designer chose them), and is told here only
// as a follower (one who also follows it, or a merged duplicate's
// reporter); anyone the change's own messages already reach is not told
// twice. The followers are
// read just before: one who follows in that instant is told from the next
// update on, the one gap accepted.
func (s *Service) updateNotices(ctx context.Context, def *service.Definition, c Case, kind followKind, note string, at time.Time, told map[Follower]bool) ([]jobs.Message, error) {
	if s.Reports == nil || !isPublic(def, c) {
		return nil, nil
	}
	fs, err := s.Reports.CaseFollowers(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	out := make([]jobs.Message, 0, len(fs))
	for _, f := range fs {
		if told[f.who()] {
			continue
		}
		told[f.who()] = true
		out = append(out, followerMessage(def, c, f, kind, note, s.SiteURL, at))
	}
	return out, nil
}
