package auth

import (
	"context"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
)

// Resident accounts are optional: nobody needs one to report or track
// anything. A resident signs in with a link emailed to them, which proves
// they hold the address; the account is made the first time. Signed in,
// they are an access.KindResidentAccount principal whose Email is that
// proven address, and the access policy alone decides what they may read.

// Resident sign-in rules.
const (
	// ResidentLinkFor is how long an emailed sign-in link works.
	ResidentLinkFor = 30 * time.Minute
	// ResidentLinksPerAddress links may be sent to one address in
	// ResidentLinkWindow, so nobody can fill a stranger's inbox.
	ResidentLinksPerAddress = 5
	ResidentLinkWindow      = time.Hour
	// ResidentSessionFor is how long a resident stays signed in.
	ResidentSessionFor = 12 * time.Hour
)

// ResidentAccount is a resident's account.
type ResidentAccount struct {
	ID    string
	Email string // as they proved it, normalised
	// Details are what they gave once, to prefill new forms.
	Details   ResidentDetails
	CreatedAt time.Time
}

// ResidentDetails are a resident's contact details, kept to prefill forms.
type ResidentDetails struct {
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// Principal is who the resident is to the access policy.
func (a ResidentAccount) Principal() access.Principal {
	return access.Principal{Kind: access.KindResidentAccount, UserID: access.ResidentUserID(a.ID), Name: a.Details.Name, Email: a.Email}
}

// ResidentLink is a sign-in link as the store keeps it.
type ResidentLink struct {
	TokenHash string
	Email     string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// ResidentSignIn is a session to start for a proven address.
type ResidentSignIn struct {
	Email string
	// Subject is One Login's "sub" for the person, IDToken the ID token
	// that signing out of One Login needs; both empty for an emailed link.
	Subject, IDToken    string
	SessionHash         string
	Now, SessionExpires time.Time
	// NewID is the id of the account if this makes one.
	NewID string
}

// ResidentStore keeps resident accounts; internal/store implements it.
type ResidentStore interface {
	// IssueResidentLink keeps link and queues email in one transaction,
	// unless limit links were already sent to the address (compared
	// ignoring case) since since: then fault.TooMany.
	IssueResidentLink(ctx context.Context, link ResidentLink, since time.Time, limit int, email jobs.Message) error
	// PruneResidentLinks deletes the links of every address that expired
	// before before.
	PruneResidentLinks(ctx context.Context, before time.Time) error
	// ClaimResidentLink uses a live link once, makes the address's account
	// if there is none, and starts a session (hash, expiry) for it, in one
	// transaction. fault.NotFound for a link unknown, used or expired.
	ClaimResidentLink(ctx context.Context, tokenHash, sessionHash string, now, sessionExpires time.Time, newID string) (ResidentAccount, error)
	// StartResidentSession makes the account of an address proven some
	// other way (GOV.UK One Login) if there is none, and starts a session
	// for it, in one transaction.
	StartResidentSession(ctx context.Context, in ResidentSignIn) (ResidentAccount, error)
	// ResidentBySession returns the account of a live session, or fault.NotFound.
	ResidentBySession(ctx context.Context, sessionHash string, now time.Time) (ResidentAccount, error)
	// EndResidentSession ends a session and returns the One Login ID token
	// it was started with ("" for an emailed link); ending one already
	// gone is not an error.
	EndResidentSession(ctx context.Context, sessionHash string) (idToken string, err error)
	// SaveResidentDetails replaces an account's details.
	SaveResidentDetails(ctx context.Context, id string, d ResidentDetails) error
	// DeleteResidentAccount deletes an account, its sessions and its
	// unused links and appends entry to the audit log, in one transaction.
	// The cases the resident submitted are not touched. fault.NotFound
	// for an account that does not exist.
	DeleteResidentAccount(ctx context.Context, id string, entry audit.Entry) error
}

// Residents signs residents in and out.
type Residents struct {
	Store ResidentStore
	// Forms keeps which forms in progress are whose.
	Forms ResidentFormStore
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

func (r *Residents) now() time.Time {
	if r.Now != nil {
		return r.Now().UTC()
	}
	return time.Now().UTC()
}

// IssueLink keeps a new sign-in link to email (already normalised) and
// queues the message that message builds from the link's secret and expiry.
// Errors: fault.TooMany when the address has had its share of links.
func (r *Residents) IssueLink(ctx context.Context, email string, message func(token string, expires time.Time) jobs.Message) error {
	now := r.now()
	token := newToken()
	link := ResidentLink{TokenHash: HashToken(token), Email: email, CreatedAt: now, ExpiresAt: now.Add(ResidentLinkFor)}
	return r.Store.IssueResidentLink(ctx, link, now.Add(-ResidentLinkWindow), ResidentLinksPerAddress, message(token, link.ExpiresAt))
}

// PruneLinks deletes sign-in links expired longer than ResidentLinkWindow
// ago (younger ones still count against their address's limit): a
// periodic task, so that an address asked for once is not kept for ever.
func (r *Residents) PruneLinks(ctx context.Context) error {
	return r.Store.PruneResidentLinks(ctx, r.now().Add(-ResidentLinkWindow))
}

// UseLink signs in with a link: of many uses at once exactly one gets a
// session. It returns the session's secret (for the cookie) and the
// account. Errors: fault.NotFound for a link unknown, used or expired.
func (r *Residents) UseLink(ctx context.Context, token string) (string, ResidentAccount, error) {
	now := r.now()
	session := newToken()
	a, err := r.Store.ClaimResidentLink(ctx, HashToken(token), HashToken(session), now, now.Add(ResidentSessionFor), newID())
	if err != nil {
		return "", ResidentAccount{}, err
	}
	return session, a, nil
}

// Session returns the account of a session secret; fault.NotFound when it
// is unknown or has ended.
func (r *Residents) Session(ctx context.Context, session string) (ResidentAccount, error) {
	if strings.TrimSpace(session) == "" {
		return ResidentAccount{}, fault.New(fault.NotFound, "no resident session")
	}
	return r.Store.ResidentBySession(ctx, HashToken(session), r.now())
}

// SignInVerified starts a session for an address GOV.UK One Login has
// verified: the same account, and so the same principal, as an emailed
// link to that address gives. It returns the session's secret.
func (r *Residents) SignInVerified(ctx context.Context, id OneLoginIdentity) (string, ResidentAccount, error) {
	now := r.now()
	session := newToken()
	a, err := r.Store.StartResidentSession(ctx, ResidentSignIn{Email: id.Email, Subject: id.Subject, IDToken: id.IDToken,
		SessionHash: HashToken(session), Now: now, SessionExpires: now.Add(ResidentSessionFor), NewID: newID()})
	if err != nil {
		return "", ResidentAccount{}, err
	}
	return session, a, nil
}

// SignOut ends a session and returns the One Login ID token it was
// started with, "" when it was not.
func (r *Residents) SignOut(ctx context.Context, session string) (string, error) {
	return r.Store.EndResidentSession(ctx, HashToken(session))
}

// Remember keeps the details a resident gave on a form, the first time
// only: details they have already given are never overwritten by a form
// filled in for someone else.
func (r *Residents) Remember(ctx context.Context, a ResidentAccount, d ResidentDetails) error {
	merged := a.Details
	if merged.Name == "" {
		merged.Name = strings.TrimSpace(d.Name)
	}
	if merged.Phone == "" {
		merged.Phone = strings.TrimSpace(d.Phone)
	}
	if merged == a.Details {
		return nil
	}
	return r.Store.SaveResidentDetails(ctx, a.ID, merged)
}

// Delete deletes a resident's account at their request, audited; their
// requests stay as cases.
func (r *Residents) Delete(ctx context.Context, a ResidentAccount) error {
	entry := audit.Entry{At: r.now(), Actor: "resident:" + a.ID, Action: "resident.account.deleted",
		Subject: "resident:" + a.ID, Classification: "OFFICIAL", Detail: audit.Detail(map[string]any{"reason": "deleted by the resident"})}
	return r.Store.DeleteResidentAccount(ctx, a.ID, entry)
}
