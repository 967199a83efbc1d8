package web

import (
	"net/http"
	"net/url"

	"github.com/guildhall-platform/guildhall/internal/lang"
)

// langParam is the query parameter of the language switch's links
// ("?lang=cy"): a link, as GOV.UK's Welsh services use, so that it works
// without JavaScript and without a form.
const langParam = "lang"

// LangCookie is the name of the cookie that keeps the language a resident chose. It is strictly necessary
// (it remembers a choice the person made, to give them the service in the
// language they asked for), so it needs no consent under PECR; it holds
// nothing but "en" or "cy".
func (s *Server) LangCookie() string {
	if s.cfg.SecureCookies {
		return "__Host-guildhall_lang"
	}
	return "guildhall_lang"
}

// language decides the language of the request: a switch link sets the
// cookie and sends the browser back to the page without the parameter (so a
// refresh or a shared link does not switch again); otherwise the cookie;
// otherwise, on a first visit, the browser's Accept-Language.
func (s *Server) language(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := infoFrom(r.Context())
		q := r.URL.Query()
		if chosen, ok := lang.Parse(q.Get(langParam)); ok && q.Has(langParam) && r.Method == http.MethodGet && !ri.api {
			http.SetCookie(w, &http.Cookie{
				Name: s.LangCookie(), Value: string(chosen), Path: "/", MaxAge: 365 * 24 * 3600,
				HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode,
			})
			q.Del(langParam)
			back := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
			http.Redirect(w, r, back.String(), http.StatusSeeOther)
			return
		}
		ri.lang = lang.FromAcceptLanguage(r.Header.Get("Accept-Language"))
		if c, err := r.Cookie(s.LangCookie()); err == nil {
			if t, ok := lang.Parse(c.Value); ok {
				ri.lang = t
			}
		}
		next.ServeHTTP(w, r)
	})
}

// LangOf is the language the resident asked for: Welsh or English. Staff
// pages are English whatever it is (see Area.Bilingual).
func LangOf(r *http.Request) lang.Tag {
	return infoFrom(r.Context()).lang.Or()
}

// T writes message in the request's language from the web's catalogue,
// for text made in Go (a navigation item, a field's label).
func T(r *http.Request, message string, args ...any) string {
	return Messages.Sprintf(LangOf(r), message, args...)
}

// switchHref is the link to the page in language to.
func switchHref(r *http.Request, to lang.Tag) string {
	q := r.URL.Query()
	q.Set(langParam, string(to))
	return (&url.URL{Path: r.URL.Path, RawQuery: q.Encode()}).String()
}
