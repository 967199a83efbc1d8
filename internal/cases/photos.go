package cases

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Events of an officer hiding a report's photo from the public and showing
// it again; the latest of them for a photo decides (photosOf).
const (
	EventPhotoHidden EventKind = "photo_hidden"
	EventPhotoShown  EventKind = "photo_shown"
)

// Audit actions of hiding and showing a photo.
const (
	AuditPhotoHidden = "case.photo_hidden"
	AuditPhotoShown  = "case.photo_shown"
)

// MaxUpdatePhotos is the most photos one update carries (Open311's
// photo1…photoN; the front door sends one).
const MaxUpdatePhotos = 10

// photoPrefix names an event field holding a photo sent with an update:
// photo1, photo2, … in the order sent.
const photoPrefix = "photo"

// PhotoField is the event field of an update's nth photo (from 1), and the
// front door's form field of its one photo.
func PhotoField(n int) string { return photoPrefix + strconv.Itoa(n) }

// withPhotos returns fields holding photos as an update event's photo
// fields, refusing more than MaxUpdatePhotos.
func withPhotos(photos []*service.FileRef) (service.Answers, error) {
	if len(photos) > MaxUpdatePhotos {
		return nil, fault.New(fault.Invalid, "at most %d photos with one update", MaxUpdatePhotos)
	}
	if len(photos) == 0 {
		return nil, nil
	}
	out := service.Answers{}
	for i, p := range photos {
		out[PhotoField(i+1)] = service.Answer{File: p}
	}
	return out, nil
}

// EventPhotos are the photos sent with an update event, in the order sent.
func EventPhotos(e Event) []*service.FileRef {
	if e.Kind != EventResidentUpdate && e.Kind != EventNote {
		return nil
	}
	var out []*service.FileRef
	for n := 1; n <= MaxUpdatePhotos; n++ {
		if f := e.Fields[PhotoField(n)].File; f != nil {
			out = append(out, f)
		}
	}
	return out
}

// Photo is one photo of a case: sent with the report (the answer to a file
// question) or with a later update.
type Photo struct {
	File service.FileRef
	// At is when it was sent.
	At time.Time
	// Question is the file question it answers; empty for an update's photo.
	Question string
	// Cleaned: it was written again without its metadata when it came in
	// (an update's photo). A report's answer is kept as sent, for the
	// officers, and must be cleaned before the public sees it.
	Cleaned bool
	// Hidden: an officer has hidden it from the public.
	Hidden bool
	// Public: the access policy lets anyone see it (photoResource).
	Public bool
}

// isPhoto reports whether a file is a photo the platform can clean and
// show: a JPEG or PNG (internal/photo reads no other kind).
func isPhoto(f *service.FileRef) bool {
	return f != nil && (f.ContentType == "image/jpeg" || f.ContentType == "image/png")
}

// photosOf lists c's photos, the report's first (in the definition's
// question order) and then the updates', oldest first, each with whether
// it is hidden and whether the public may see it.
func photosOf(def *service.Definition, c Case, events []Event) []Photo {
	var out []Photo
	for _, pg := range def.Pages {
		for _, q := range pg.Questions {
			if f := c.Answers[q.ID].File; q.Type == service.TypeFile && isPhoto(f) {
				out = append(out, Photo{File: *f, At: c.SubmittedAt, Question: q.ID})
			}
		}
	}
	hidden := map[string]bool{}
	for _, e := range events {
		for _, f := range EventPhotos(e) {
			if isPhoto(f) {
				out = append(out, Photo{File: *f, At: e.At, Cleaned: true})
			}
		}
		if e.Kind == EventPhotoHidden || e.Kind == EventPhotoShown {
			hidden[e.Note] = e.Kind == EventPhotoHidden
		}
	}
	for i := range out {
		out[i].Hidden = hidden[out[i].File.Key]
		out[i].Public = access.Decide(access.Anonymous, access.ActionSeePublic, photoResource(def, c, out[i])).Allow
	}
	return out
}

// photoResource is a photo as the access policy sees it: the report's
// public resource, with whether its service shows this photo and whether an
// officer hid it.
func photoResource(def *service.Definition, c Case, p Photo) access.Resource {
	r := publicResource(def, c)
	shown := def.PublishesPhotos() && (p.Question == "" || slices.Contains(def.Publish.Photos, p.Question))
	r.Photo = &access.Photo{Published: shown, Hidden: p.Hidden}
	return r
}

// Photos lists the photos of a case p may see (cases.Service.Get decides),
// for the officer's timeline.
func (s *Service) Photos(ctx context.Context, p access.Principal, ref string) ([]Photo, error) {
	c, err := s.Get(ctx, p, ref)
	if err != nil {
		return nil, err
	}
	def, err := s.definition(c.ServiceID)
	if err != nil {
		return nil, err
	}
	events, err := s.Store.CaseEvents(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	return photosOf(def, c, events), nil
}

// PublicPhoto is one photo of a public report as anyone may see it: the
// photo with content address key, if the access policy lets the public
// see it. Errors: fault.NotFound for a report or photo that does not exist,
// is not public, is hidden or is a restricted person's, alike.
func (s *Service) PublicPhoto(ctx context.Context, ref, key string) (Photo, error) {
	c, def, err := s.publicCase(ctx, ref)
	if err != nil {
		return Photo{}, err
	}
	events, err := s.Store.CaseEvents(ctx, c.ID)
	if err != nil {
		return Photo{}, err
	}
	for _, p := range photosOf(def, c, events) {
		if p.File.Key == key && p.Public {
			return p, nil
		}
	}
	return Photo{}, fault.New(fault.NotFound, "photo of %s", c.Ref)
}

// publicPhotos are the photos of a report the public may see.
func publicPhotos(def *service.Definition, c Case, events []Event) []PublicPhoto {
	var out []PublicPhoto
	for _, p := range photosOf(def, c, events) {
		if p.Public {
			out = append(out, PublicPhoto{Ref: c.Ref, Key: p.File.Key, At: p.At, WithReport: p.Question != ""})
		}
	}
	return out
}

// PublicPhoto is a photo on a report's public page.
type PublicPhoto struct {
	Ref, Key string
	At       time.Time
	// WithReport: sent with the report, not added with a later update.
	WithReport bool
}

// Path is where the public sees the photo.
func (p PublicPhoto) Path() string { return ReportPhotoPath(p.Ref, p.Key) }

// ReportPhotoPath is where one photo of a public report is served: the
// report's page, then the photo's content address.
func ReportPhotoPath(ref, key string) string { return ReportPath(ref) + "/photos/" + key }

// SetPhotoHidden hides one of a case's photos from the public (hide) or
// shows it again, as an officer who may work the case; the change is on
// the timeline and audited. Doing what is already done changes nothing.
// Errors: fault.NotFound for a case p may not see or a photo it does not
// have; fault.Forbidden for one p may not work (ErrRestricted under a
// restriction); fault.Conflict when the case changed meanwhile.
func (s *Service) SetPhotoHidden(ctx context.Context, p access.Principal, ref, key string, hide bool) error {
	c, err := s.forAct(ctx, p, ref, 0)
	if err != nil {
		return err
	}
	def, err := s.definition(c.ServiceID)
	if err != nil {
		return err
	}
	events, err := s.Store.CaseEvents(ctx, c.ID)
	if err != nil {
		return err
	}
	photos := photosOf(def, c, events)
	i := slices.IndexFunc(photos, func(ph Photo) bool { return ph.File.Key == key })
	if i < 0 {
		return fault.New(fault.NotFound, "photo of %s", c.Ref)
	}
	if photos[i].Hidden == hide {
		return nil
	}
	kind, action := EventPhotoShown, AuditPhotoShown
	if hide {
		kind, action = EventPhotoHidden, AuditPhotoHidden
	}
	now := s.now().UTC()
	before := c.Version
	c.UpdatedAt, c.Version = now, c.Version+1
	actor := actorOf(p)
	ev := Event{At: now, Actor: actor, ActorName: p.Name, Kind: kind, Note: key, Visibility: Internal}
	ch := Change{Case: c, ExpectVersion: before, Events: []Event{ev},
		Audit: []audit.Entry{caseEntry(now, actor, action, c, map[string]any{"photo": key})}}
	if err := s.Store.ApplyChanges(ctx, ch); err != nil {
		return fmt.Errorf("photo of %s: %w", c.Ref, err)
	}
	return nil
}

// UpdatePhotosPublic reports whether a photo added to c with an update
// would be shown to the public (unless an officer hid it), so the page
// asking for one can say so.
func (s *Service) UpdatePhotosPublic(c Case) bool {
	def, err := s.definition(c.ServiceID)
	if err != nil {
		return false
	}
	return access.Decide(access.Anonymous, access.ActionSeePublic, photoResource(def, c, Photo{})).Allow
}

// PublicPhotosOf are the photos of case c the public may see, given its
// timeline (read already by the caller); none for a case that is not a
// public report or whose service shows no photos.
func (s *Service) PublicPhotosOf(c Case, events []Event) []PublicPhoto {
	def, err := s.definition(c.ServiceID)
	if err != nil || !def.PublishesPhotos() {
		return nil
	}
	return publicPhotos(def, c, events)
}

// FirstPublicPhoto is the first photo of c the public may see (the one
// sent with the report, if public), for a list that shows one.
func (s *Service) FirstPublicPhoto(ctx context.Context, c Case) (PublicPhoto, bool, error) {
	def, err := s.definition(c.ServiceID)
	if err != nil || !def.PublishesPhotos() {
		return PublicPhoto{}, false, nil
	}
	events, err := s.Store.CaseEvents(ctx, c.ID)
	if err != nil {
		return PublicPhoto{}, false, err
	}
	if ps := publicPhotos(def, c, events); len(ps) > 0 {
		return ps[0], true, nil
	}
	return PublicPhoto{}, false, nil
}
