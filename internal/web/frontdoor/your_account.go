package frontdoor

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// A resident's optional account: sign in with a link sent to their email
// address, see every request submitted with that address, sign out, or
// delete the account. Nobody needs one to report or track anything.

// Paths of the account pages.
const (
	pathYourAccount = "/your-account"
	pathSignIn      = "/your-account/sign-in"
	pathSignOut     = "/your-account/sign-out"
	pathDelete      = "/your-account/delete"
)

// residentCookie names the signed-in resident's session cookie.
func (h *handler) residentCookie() string {
	if h.srv.Config().SecureCookies {
		return "__Host-guildhall_resident"
	}
	return "guildhall_resident"
}

func (h *handler) setResidentCookie(w http.ResponseWriter, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: h.residentCookie(), Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: h.srv.Config().SecureCookies, SameSite: http.SameSiteLaxMode})
}

// signedIn returns the signed-in resident's account and session secret;
// fault.Unauthenticated when nobody is signed in.
func (h *handler) signedIn(r *http.Request) (auth.ResidentAccount, string, error) {
	c, err := r.Cookie(h.residentCookie())
	if err != nil || h.Residents == nil {
		return auth.ResidentAccount{}, "", fault.New(fault.Unauthenticated, "no resident session")
	}
	a, err := h.Residents.Session(r.Context(), c.Value)
	if errors.Is(err, fault.NotFound) {
		return a, "", fault.New(fault.Unauthenticated, "resident session ended")
	}
	return a, c.Value, err
}

type signInPage struct {
	Email  web.Field
	Errors []web.FieldError
	// Sent is set once the link is queued; Minutes is how long it works.
	Sent    bool
	Minutes int
	// OneLogin offers GOV.UK One Login beside the emailed link.
	OneLogin bool
}

// FieldErrors lists the form's errors.
func (p signInPage) FieldErrors() []web.FieldError { return p.Errors }

func (h *handler) newSignInPage(r *http.Request, email string) signInPage {
	return signInPage{OneLogin: h.OneLogin != nil, Minutes: int(auth.ResidentLinkFor / time.Minute), Email: web.Field{ID: "email", Label: web.T(r, "Email address"),
		Hint: web.T(r, "Use the address you gave when you made your requests."), Value: email, Type: "email",
		Autocomplete: "email", NoSpellcheck: true}}
}

func (p *signInPage) fail(msg string) {
	p.Email.Error = msg
	p.Errors = []web.FieldError{{Field: "email", Message: msg}}
}

// signInGet asks for the address to send a link to.
func (h *handler) signInGet(w http.ResponseWriter, r *http.Request) error {
	if _, _, err := h.signedIn(r); err == nil {
		http.Redirect(w, r, pathYourAccount, http.StatusSeeOther)
		return nil
	}
	return h.rd.Render(w, r, http.StatusOK, "sign_in", h.newSignInPage(r, ""))
}

// signInPost sends the link. The page says the same whether or not the
// address has an account (the first sign-in makes one).
func (h *handler) signInPost(w http.ResponseWriter, r *http.Request) error {
	page := h.newSignInPage(r, r.PostFormValue("email"))
	email, err := service.NormaliseEmail(page.Email.Value)
	if err != nil {
		page.fail(emailError(r, err))
		return h.rd.Render(w, r, http.StatusUnprocessableEntity, "sign_in", page)
	}
	err = h.Residents.IssueLink(r.Context(), email, func(token string, expires time.Time) jobs.Message {
		return h.signInEmail(web.LangOf(r), email, token, expires)
	})
	if errors.Is(err, fault.TooMany) {
		page.fail(web.T(r, "We have sent %d links to this address in the last hour. Use the newest one, or try again later", auth.ResidentLinksPerAddress))
		return h.rd.Render(w, r, http.StatusTooManyRequests, "sign_in", page)
	}
	if err != nil {
		return err
	}
	page.Sent, page.Email.Value = true, email
	return h.rd.Render(w, r, http.StatusOK, "sign_in", page)
}

// signInEmail is the outbox message carrying a sign-in link, in the
// language the resident is using.
func (h *handler) signInEmail(l lang.Tag, to, token string, expires time.Time) jobs.Message {
	link := strings.TrimRight(h.srv.Config().BaseURL, "/") + pathSignIn + "/" + token
	council := h.srv.CouncilName(l)
	body := web.Messages.Sprintf(l, "Use this link to sign in to your %s account:\n%s\n\nThe link works once, until %s.\n\nIf you did not ask to sign in, you can ignore this email. Nobody can sign in without the link.\n\n%s",
		council, link, l.Format(expires, lang.TimeDayDateLayout), council)
	return h.emailNow(to, web.Messages.Sprintf(l, "Sign in to %s", council), body, "resident-sign-in")
}

type signInLinkPage struct {
	Action string
	Gone   bool
}

// signInLinkGet shows the button that uses the link: a GET never signs in,
// so a mail scanner that fetches links cannot use it up.
func (h *handler) signInLinkGet(w http.ResponseWriter, r *http.Request) error {
	return h.rd.Render(w, r, http.StatusOK, "sign_in_link", signInLinkPage{Action: r.URL.Path})
}

// signInLinkPost uses the link and starts the resident's session.
func (h *handler) signInLinkPost(w http.ResponseWriter, r *http.Request) error {
	session, _, err := h.Residents.UseLink(r.Context(), r.PathValue("token"))
	if errors.Is(err, fault.NotFound) {
		return h.rd.Render(w, r, http.StatusNotFound, "sign_in_link", signInLinkPage{Gone: true})
	}
	if err != nil {
		return err
	}
	h.setResidentCookie(w, session, int(auth.ResidentSessionFor/time.Second))
	http.Redirect(w, r, pathYourAccount, http.StatusSeeOther)
	return nil
}

// requestItem is one of a resident's requests as the list shows it.
type requestItem struct {
	Ref, ServiceName, Status string
	Closed                   bool
	SubmittedAt              time.Time
	// UpdateURL is where the resident adds an update, when they may.
	UpdateURL string
}

// formItem is one of a resident's forms in progress as the list shows it.
type formItem struct {
	ID, ServiceName string
	UpdatedAt       time.Time
}

type yourAccountPage struct {
	Email    string
	Forms    []formItem
	Requests []requestItem
	// Added is the reference of the request an update was just added to.
	Added string
	// Older is the page of the next requests, older than these; Newest
	// the first page, when this is not it.
	Older, Newest string
}

// yourAccountLimit is how many requests a page lists, newest first; older
// ones are on the pages after it, each read from where the last ended.
const yourAccountLimit = 50

// yourAccount lists the requests submitted with the resident's proven
// address; the access policy decides each one (cases.Service.Find).
func (h *handler) yourAccount(w http.ResponseWriter, r *http.Request, a auth.ResidentAccount) error {
	after := r.URL.Query().Get("after")
	found, err := h.Cases.Find(r.Context(), a.Principal(), cases.Filter{Sort: cases.SortSubmitted, Limit: yourAccountLimit, Cursor: after})
	if err != nil {
		return err
	}
	page := yourAccountPage{Email: a.Email}
	if found.Next != "" {
		page.Older = pathYourAccount + "?" + url.Values{"after": {found.Next}}.Encode()
	}
	if after != "" {
		page.Newest = pathYourAccount
	}
	for _, c := range found.Cases {
		if c.Ref == r.URL.Query().Get("added") {
			page.Added = c.Ref // only a reference of theirs is echoed
		}
	}
	cat := h.Services.Load()
	forms, err := h.Residents.SavedForms(r.Context(), a)
	if err != nil {
		return err
	}
	for _, f := range forms {
		it := formItem{ID: f.ID, ServiceName: f.ServiceID, UpdatedAt: f.UpdatedAt}
		if def, ok := cat.Get(f.ServiceID); ok {
			it.ServiceName = def.In(web.LangOf(r)).Name
		}
		page.Forms = append(page.Forms, it)
	}
	for _, c := range found.Cases {
		it := requestItem{Ref: c.Ref, ServiceName: c.ServiceID, Status: c.State, Closed: c.ClosedAt != nil, SubmittedAt: c.SubmittedAt}
		if def, ok := cat.Get(c.ServiceID); ok {
			it.ServiceName, it.Status = def.Name, def.StateLabel(c.State)
		}
		if h.Cases.MayAddUpdate(a.Principal(), c) {
			it.UpdateURL = requestUpdatePath(c.Ref)
		}
		page.Requests = append(page.Requests, it)
	}
	if h.OneLogin != nil { // "Sign out" may lead through One Login's sign-out
		web.AllowFormAction(w, h.OneLogin.LogoutOrigin())
	}
	return h.rd.Render(w, r, http.StatusOK, "your_account", page)
}

// signOutResident ends the resident's session; one started with GOV.UK
// One Login ends there too, and One Login sends them back to PathSignedOut.
func (h *handler) signOutResident(w http.ResponseWriter, r *http.Request) error {
	next := "/"
	if _, session, err := h.signedIn(r); err == nil {
		idToken, err := h.Residents.SignOut(r.Context(), session)
		if err != nil {
			return err
		}
		if idToken != "" && h.OneLogin != nil {
			next = h.OneLogin.LogoutURL(idToken)
		}
	}
	h.setResidentCookie(w, "", -1)
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

type deletePage struct{ Email string }

// resident runs f for a signed-in resident and sends anyone else to the
// resident sign-in page (never the staff one).
func (h *handler) resident(f func(http.ResponseWriter, *http.Request, auth.ResidentAccount) error) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		a, _, err := h.signedIn(r)
		if errors.Is(err, fault.Unauthenticated) {
			http.Redirect(w, r, pathSignIn, http.StatusSeeOther)
			return nil
		}
		if err != nil {
			return err
		}
		return f(w, r, a)
	}
}

// deleteGet asks the resident to confirm.
func (h *handler) deleteGet(w http.ResponseWriter, r *http.Request, a auth.ResidentAccount) error {
	return h.rd.Render(w, r, http.StatusOK, "your_account_delete", deletePage{Email: a.Email})
}

// deletePost deletes the account (audited); the requests stay as cases.
func (h *handler) deletePost(w http.ResponseWriter, r *http.Request, a auth.ResidentAccount) error {
	if err := h.Residents.Delete(r.Context(), a); err != nil {
		return err
	}
	h.setResidentCookie(w, "", -1)
	return h.rd.Render(w, r, http.StatusOK, "your_account_deleted", deletePage{Email: a.Email})
}
