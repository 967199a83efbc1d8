package open311

import (
	"encoding/xml"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// updatesWindow is the mySociety extension's default: the last two hours.
const updatesWindow = 2 * time.Hour

// extended are the mySociety extended statuses; a workflow state with one of
// these ids is reported as itself, any other as open or closed.
var extended = []string{"fixed", "in_progress", "planned", "action_scheduled", "investigating",
	"duplicate", "not_councils_responsibility", "no_further_action", "internal_referral",
	"cancelled", "reopen", "for_triage"}

// updateItem is one entry of servicerequestupdates.{fmt}.
type updateItem struct {
	XMLName          xml.Name `xml:"request_update" json:"-"`
	UpdateID         string   `xml:"update_id" json:"update_id"`
	ServiceRequestID string   `xml:"service_request_id" json:"service_request_id"`
	Status           string   `xml:"status" json:"status"`
	UpdatedDatetime  string   `xml:"updated_datetime" json:"updated_datetime"`
	Description      string   `xml:"description" json:"description"`
	MediaURL         string   `xml:"media_url" json:"media_url"`
}

// updateList answers GET servicerequestupdates.{fmt}: transitions and
// resident-visible notes in the window (default the last two hours), oldest
// first. update_id is the event's id, so it never repeats. Note text is given
// only to callers with an api_key.
func (h *handler) updateList(w http.ResponseWriter, r *http.Request, format string) error {
	rd, err := h.reader(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	from, to, err := h.window(q.Get("start_date"), q.Get("end_date"), updatesWindow)
	if err != nil {
		return err
	}
	var out []updateItem
	f := cases.Filter{Sort: cases.SortUpdated, Limit: 200}
	for _, d := range h.exposed() {
		f.ServiceIDs = append(f.ServiceIDs, d.ID)
	}
	for len(f.ServiceIDs) > 0 && len(out) < maxRequests {
		page, err := h.Cases.Find(r.Context(), rd.p, f)
		if err != nil {
			return err
		}
		for _, c := range page.Cases {
			if c.UpdatedAt.Before(from) {
				return writeList(w, format, http.StatusOK, "service_request_updates", sortUpdates(out))
			}
			evs, err := h.Cases.Timeline(r.Context(), rd.p, c.Ref)
			if err != nil {
				continue
			}
			d, _ := h.Services.Load().Get(c.ServiceID)
			media := map[string]string{}
			for _, p := range h.Cases.PublicPhotosOf(c, evs) {
				media[p.Key] = h.mediaURL(p)
			}
			out = append(out, updatesOf(d, c, evs, from, to, h.trusted(r, rd, c.Ref), media)...)
		}
		if page.Next == "" {
			break
		}
		f.Cursor = page.Next
	}
	return writeList(w, format, http.StatusOK, "service_request_updates", sortUpdates(out))
}

// updatesOf lists the public updates of c in the window; media maps the
// content address of each public photo to its URL, and an update carries
// the first of its photos that is public.
func updatesOf(d *service.Definition, c cases.Case, evs []cases.Event, from, to time.Time, trusted bool, media map[string]string) []updateItem {
	var out []updateItem
	state := ""
	for _, e := range evs {
		if e.ToState != "" {
			state = e.ToState
		}
		public := e.Kind == cases.EventTransitioned || (e.Kind == cases.EventNote && e.Visibility.ToResident())
		if !public || e.At.Before(from) || e.At.After(to) {
			continue
		}
		desc := "Status changed to " + d.StateLabel(state)
		if e.Kind == cases.EventNote && (trusted || e.Visibility == cases.Public) { // a public update is everyone's to read
			desc = e.Note
		}
		it := updateItem{
			UpdateID: strconv.FormatInt(e.ID, 10), ServiceRequestID: c.Ref,
			Status: extendedStatus(d, state), UpdatedDatetime: stamp(e.At), Description: desc,
		}
		for _, f := range cases.EventPhotos(e) {
			if u := media[f.Key]; u != "" && it.MediaURL == "" {
				it.MediaURL = u
			}
		}
		out = append(out, it)
	}
	return out
}

func extendedStatus(d *service.Definition, state string) string {
	if slices.Contains(extended, state) {
		return state
	}
	return status(d, state)
}

func sortUpdates(us []updateItem) []updateItem {
	slices.SortStableFunc(us, func(a, b updateItem) int {
		if a.UpdatedDatetime != b.UpdatedDatetime {
			if a.UpdatedDatetime < b.UpdatedDatetime {
				return -1
			}
			return 1
		}
		return 0
	})
	return us
}
