package cases

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/workday"
)

// How did we do? When a transition closes a case and the resident is sent
// an email about it, the email ends with a link to one GOV.UK-style
// question (very satisfied … very dissatisfied) and an optional comment.
// The link carries a random secret; the store keeps its hash and accepts
// one answer per case, so of many posts at once exactly one counts.

// Ratings are the answers to "Overall, how did you feel about the service
// you received?", best first, with the words residents see.
var Ratings = []struct{ Value, Label string }{
	{"very-satisfied", lang.N("Very satisfied")},
	{"satisfied", lang.N("Satisfied")},
	{"neither", lang.N("Neither satisfied or dissatisfied")},
	{"dissatisfied", lang.N("Dissatisfied")},
	{"very-dissatisfied", lang.N("Very dissatisfied")},
}

// FeedbackCommentLimit is the most characters a comment may have.
const FeedbackCommentLimit = 1200

// FeedbackInvite is the link a closing message carries, as the store keeps it.
type FeedbackInvite struct {
	TokenHash string
	InvitedAt time.Time
}

// FeedbackStore keeps ratings; internal/store implements it.
type FeedbackStore interface {
	// FeedbackService returns the service of a link not yet answered;
	// fault.NotFound for one unknown or answered.
	FeedbackService(ctx context.Context, tokenHash string) (string, error)
	// RecordFeedback keeps the one answer to a link; fault.NotFound when
	// the link is unknown or already answered.
	RecordFeedback(ctx context.Context, tokenHash string, f Feedback) error
}

// Feedback is a resident's answer.
type Feedback struct {
	Rating  string
	Comment string
	At      time.Time
	// Date is the day it was given in the UK, which month it counts in.
	Date workday.Date
}

// feedbackPath is where a link's page is, under the site's address.
func feedbackPath(token string) string { return "/feedback/" + token }

// FeedbackTokenHash is what the store keeps of a link's secret.
func FeedbackTokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// feedbackInvite makes the link for a case that a change closes, or
// returns ok=false when no link is to be sent: the site's address is not
// configured, or the case was already closed before the change.
func (s *Service) feedbackInvite(before, after Case, now time.Time) (inv *FeedbackInvite, link string, ok bool) {
	if s.SiteURL == "" || s.Feedback == nil || before.ClosedAt != nil || after.ClosedAt == nil {
		return nil, "", false
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	token := base64.RawURLEncoding.EncodeToString(b)
	link = strings.TrimRight(s.SiteURL, "/") + feedbackPath(token)
	return &FeedbackInvite{TokenHash: FeedbackTokenHash(token), InvitedAt: now}, link, true
}

// feedbackParagraph ends a closing email to the resident.
func feedbackParagraph(l lang.Tag, link string) string {
	if l == lang.Welsh {
		return "\n\nSut wnaethon ni? Dywedwch wrthym mewn un cwestiwn (mae’n cymryd munud):\n" + link + "\n"
	}
	return "\n\nHow did we do? Tell us in one question (it takes a minute):\n" + link + "\n"
}

// FeedbackServiceOf returns the service a feedback link is about, without
// using it; fault.NotFound for a link unknown or already answered.
func (s *Service) FeedbackServiceOf(ctx context.Context, token string) (*service.Definition, error) {
	if s.Feedback == nil {
		return nil, fault.New(fault.NotFound, "feedback is not kept")
	}
	id, err := s.Feedback.FeedbackService(ctx, FeedbackTokenHash(token))
	if err != nil {
		return nil, err
	}
	def, ok := s.Services.Load().Get(id)
	if !ok {
		return nil, fault.New(fault.NotFound, "service %s of a feedback link", id)
	}
	return def, nil
}

// Rate records a resident's answer to a feedback link. Errors:
// *service.ValidationError (rating missing or unknown, comment too long or
// with hidden characters: the last in l, the resident's language, as only
// the service package can write it; the others are catalogue keys),
// fault.NotFound (link unknown or already used).
func (s *Service) Rate(ctx context.Context, l lang.Tag, token, rating, comment string) error {
	comment = strings.TrimSpace(comment)
	var errs service.FieldErrors
	if !knownRating(rating) {
		errs = append(errs, service.FieldError{Field: "rating", Message: lang.N("Select how you feel about the service you received")})
	}
	if n := utf8.RuneCountInString(comment); n > FeedbackCommentLimit {
		errs = append(errs, service.FieldError{Field: "comment", Message: lang.N("Your comment must be 1200 characters or fewer")})
	} else if p := service.CharacterProblem(comment); p != "" {
		errs = append(errs, service.FieldError{Field: "comment", Message: service.CharacterMessageIn(l, p, "Your comment")})
	}
	if err := errs.Err(); err != nil {
		return err
	}
	if s.Feedback == nil {
		return fault.New(fault.NotFound, "feedback is not kept")
	}
	now := s.now().UTC()
	return s.Feedback.RecordFeedback(ctx, FeedbackTokenHash(token),
		Feedback{Rating: rating, Comment: comment, At: now, Date: workday.DateOf(now)})
}

func knownRating(v string) bool {
	for _, r := range Ratings {
		if r.Value == v {
			return true
		}
	}
	return false
}
