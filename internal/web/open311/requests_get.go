package open311

import (
	"encoding/xml"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Query limits from the spec: a 90-day window and at most 1000 requests.
const (
	defaultWindow = 90 * 24 * time.Hour
	maxRequests   = 1000
)

// requestItem is one entry of requests.{fmt}.
type requestItem struct {
	XMLName           xml.Name `xml:"request" json:"-"`
	ServiceRequestID  string   `xml:"service_request_id" json:"service_request_id"`
	Status            string   `xml:"status" json:"status"`
	StatusNotes       string   `xml:"status_notes" json:"status_notes"`
	ServiceName       string   `xml:"service_name" json:"service_name"`
	ServiceCode       string   `xml:"service_code" json:"service_code"`
	Description       string   `xml:"description" json:"description"`
	AgencyResponsible string   `xml:"agency_responsible" json:"agency_responsible"`
	ServiceNotice     string   `xml:"service_notice" json:"service_notice"`
	RequestedDatetime string   `xml:"requested_datetime" json:"requested_datetime"`
	UpdatedDatetime   string   `xml:"updated_datetime" json:"updated_datetime"`
	ExpectedDatetime  string   `xml:"expected_datetime" json:"expected_datetime"`
	Address           string   `xml:"address" json:"address"`
	AddressID         string   `xml:"address_id" json:"address_id"`
	Zipcode           string   `xml:"zipcode" json:"zipcode"`
	Lat               *float64 `xml:"lat,omitempty" json:"lat,omitempty"`
	Long              *float64 `xml:"long,omitempty" json:"long,omitempty"`
	MediaURL          string   `xml:"media_url" json:"media_url"`
}

// reader is who reads. Requests are always found as the public, who see
// only exposed OFFICIAL services; the details of each (description, exact
// location, note texts) are shown only when the api_key's own principal may
// view that case, which cases.Service.Get decides.
type reader struct {
	p     access.Principal  // the public
	token *access.Principal // the api_key's client, if one was sent
}

func (h *handler) reader(r *http.Request) (reader, error) {
	p := access.Principal{Kind: access.KindAPIClient, UserID: "open311:public", Name: "Open311 (public)"}
	for _, d := range h.exposed() {
		p.Services = append(p.Services, d.ID)
		if !slices.Contains(p.Teams, d.Team) {
			p.Teams = append(p.Teams, d.Team)
		}
	}
	rd := reader{p: p} // MFA false: OFFICIAL-SENSITIVE is never visible
	if key := r.URL.Query().Get("api_key"); key != "" {
		tp, err := h.Tokens.TokenPrincipal(r.Context(), key)
		if err != nil {
			return reader{}, errForbidden("Invalid api_key")
		}
		rd.token = &tp
	}
	return rd, nil
}

// trusted reports whether the reader's api_key may view case ref.
func (h *handler) trusted(r *http.Request, rd reader, ref string) bool {
	if rd.token == nil {
		return false
	}
	_, err := h.Cases.Get(r.Context(), *rd.token, ref)
	return err == nil
}

// requestList answers GET requests.{fmt}.
func (h *handler) requestList(w http.ResponseWriter, r *http.Request, format string) error {
	rd, err := h.reader(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	if err := h.checkJurisdiction(q.Get("jurisdiction_id")); err != nil {
		return err
	}
	var found []cases.Case
	if ids := splitMulti(q["service_request_id"]); len(ids) > 0 {
		found, err = h.byRefs(r, rd, ids)
	} else {
		found, err = h.search(r, rd, q.Get("service_code"), q.Get("status"), q.Get("start_date"), q.Get("end_date"))
	}
	if err != nil {
		return err
	}
	return writeList(w, format, http.StatusOK, "service_requests", h.items(r, found, rd))
}

// requestGet answers GET requests/{id}.{fmt}: a list of one.
func (h *handler) requestGet(w http.ResponseWriter, r *http.Request, format, id string) error {
	rd, err := h.reader(r)
	if err != nil {
		return err
	}
	found, err := h.byRefs(r, rd, []string{id})
	if err != nil {
		return err
	}
	if len(found) == 0 {
		return errNotFound("service_request_id " + id + " not found")
	}
	return writeList(w, format, http.StatusOK, "service_requests", h.items(r, found, rd))
}

// byRefs gets cases one by one through the policy; ones the reader may not
// see, or of services not exposed, are left out as if absent.
func (h *handler) byRefs(r *http.Request, rd reader, refs []string) ([]cases.Case, error) {
	var out []cases.Case
	for _, ref := range refs[:min(len(refs), maxRequests)] {
		c, err := h.Cases.Get(r.Context(), rd.p, ref)
		if err != nil || !h.isExposed(c.ServiceID) {
			continue // not found and not visible look the same
		}
		out = append(out, c)
	}
	return out, nil
}

func (h *handler) isExposed(id string) bool {
	return slices.ContainsFunc(h.exposed(), func(d *service.Definition) bool { return d.ID == id })
}

// items renders cases for the reader.
func (h *handler) items(r *http.Request, cs []cases.Case, rd reader) []requestItem {
	out := make([]requestItem, 0, len(cs))
	for _, c := range cs {
		d, ok := h.Services.Load().Get(c.ServiceID)
		if !ok || d.Open311 == nil {
			continue
		}
		trusted := h.trusted(r, rd, c.Ref)
		it := item(d, c, trusted)
		it.StatusNotes = h.statusNotes(r, d, c, trusted)
		if ph, ok, err := h.Cases.FirstPublicPhoto(r.Context(), c); err == nil && ok {
			it.MediaURL = h.mediaURL(ph)
		}
		out = append(out, it)
	}
	return out
}

// mediaURL is where anyone sees a public photo: only photos the access
// policy lets the public see are ever given one.
func (h *handler) mediaURL(p cases.PublicPhoto) string {
	return strings.TrimRight(h.BaseURL, "/") + p.Path()
}

// statusNotes is what the council last said about the request: to the
// public the label of the state it is in ("Repair scheduled"); to a client
// whose key may view the case (FixMyStreet passing it on to the reporter)
// the last note written to the resident, when one was written since.
// Internal notes are never shown.
func (h *handler) statusNotes(r *http.Request, d *service.Definition, c cases.Case, trusted bool) string {
	label := d.StateLabel(c.State)
	if !trusted {
		return label
	}
	evs, err := h.Cases.Timeline(r.Context(), access.System, c.Ref)
	if err != nil {
		return label
	}
	for i := len(evs) - 1; i >= 0; i-- {
		switch e := evs[i]; {
		case e.Kind == cases.EventNote && e.Visibility.ToResident():
			return e.Note
		case e.Kind == cases.EventTransitioned:
			return label
		}
	}
	return label
}

func item(d *service.Definition, c cases.Case, trusted bool) requestItem {
	it := requestItem{
		ServiceRequestID: c.Ref, Status: status(d, c.State), ServiceName: d.Name, ServiceCode: code(d),
		AgencyResponsible: d.Team, RequestedDatetime: stamp(c.SubmittedAt), UpdatedDatetime: stamp(c.UpdatedAt),
	}
	// The last second of the statutory last day, with its UK offset: a
	// client that shows only the date part shows the right day.
	_, it.ExpectedDatetime = c.DueFields()
	rl := rolesOf(d)
	if rl.location != nil && (trusted || publishesLocation(d, rl.location)) {
		if loc := c.Answers[rl.location.ID].Location; loc != nil {
			it.Lat, it.Long = round(loc.Lat, d, trusted), round(loc.Lng, d, trusted)
			if trusted {
				it.Address, it.AddressID = loc.Description, loc.UPRN
			}
		}
	}
	if trusted && rl.description != nil {
		it.Description = c.Answers[rl.description.ID].Text
	}
	return it
}

// publishesLocation reports whether the public may see where a case is: only
// when the definition's publish rules list the location question (and it is
// not marked personal), and then only as rounded coordinates. The free-text
// address and the UPRN are never public: "outside number 12, I live at 14"
// would undo the rounding and can name a person.
func publishesLocation(d *service.Definition, q *service.Question) bool {
	return d.Publish != nil && !q.Personal && slices.Contains(d.Publish.Fields, q.ID)
}

// round coarsens a public coordinate to the service's published precision
// (three decimals, about 100 m, by default).
func round(v *float64, d *service.Definition, trusted bool) *float64 {
	if v == nil || trusted {
		return v
	}
	places := 3
	if d.Publish != nil && d.Publish.LocationDecimals > 0 {
		places = d.Publish.LocationDecimals
	}
	p := math.Pow(10, float64(places))
	r := math.Round(*v*p) / p
	return &r
}

// status is a state's Open311 status: open or closed.
func status(d *service.Definition, state string) string {
	s, _ := d.State(state)
	if s.Open311Status != "" {
		return strings.ToLower(s.Open311Status)
	}
	if s.Terminal {
		return "closed"
	}
	return "open"
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
