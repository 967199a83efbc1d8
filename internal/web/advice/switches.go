package advice

import (
	"context"
	"net/http"
	"slices"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/triage"
)

// Switches lets administrators switch each AI feature off, and on again,
// for each service. The platform implements it; each change
// is audited and applies to every node.
type Switches interface {
	// AISwitches lists the features administrators have switched off.
	AISwitches(ctx context.Context) ([]triage.Switch, error)
	// SwitchAI switches feature on or off for a service, as actor.
	SwitchAI(ctx context.Context, actor, feature, serviceID string, on bool) error
}

type switchesPage struct {
	Services []serviceSwitches
	Saved    string // the name of the service just saved
}

// serviceSwitches is one service's form: a checkbox a feature the
// administrator may switch, and the features the configuration keeps off.
type serviceSwitches struct {
	ID, Name     string
	Features     []featureSwitch
	ConfiguredOf []string // names of features --ai-off or --ai-exclude keep off
}

type featureSwitch struct {
	Feature, Name string
	On            bool
	Off           triage.Switch // who switched it off, and when
}

// featuresInUse are the AI features this server runs: suggestions and
// routing with a triage model, advice with an index, drafts with a model.
func (h *handler) featuresInUse() []string {
	var out []string
	if h.Triage != nil {
		out = append(out, triage.FeatureTriage, triage.FeatureRouting)
	}
	if h.Advice != nil {
		out = append(out, triage.FeatureAdvice)
	}
	if h.Drafter != nil {
		out = append(out, triage.FeatureDraft)
	}
	return out
}

// switchesGet shows every service with its AI features, on or off.
func (h *handler) switchesGet(w http.ResponseWriter, r *http.Request) error {
	list, err := h.Switches.AISwitches(r.Context())
	if err != nil {
		return err
	}
	off := map[string]triage.Switch{}
	for _, sw := range list {
		off[sw.Feature+":"+sw.ServiceID] = sw
	}
	page := switchesPage{}
	for _, d := range h.catalog().All() {
		s := serviceSwitches{ID: d.ID, Name: d.Name}
		for _, f := range h.featuresInUse() {
			sw, switched := off[f+":"+d.ID]
			if !switched && !h.On(f, d.ID) {
				s.ConfiguredOf = append(s.ConfiguredOf, triage.FeatureName(f))
				continue
			}
			s.Features = append(s.Features, featureSwitch{Feature: f, Name: triage.FeatureName(f), On: !switched, Off: sw})
		}
		if r.URL.Query().Get("saved") == d.ID {
			page.Saved = d.Name
		}
		page.Services = append(page.Services, s)
	}
	return h.admin.Render(w, r, http.StatusOK, "route_switches", page)
}

// switchesPost saves one service's switches: a feature ticked is on, one
// not ticked is off. Features the configuration keeps off are not touched.
func (h *handler) switchesPost(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("service")
	if _, ok := h.catalog().Get(id); !ok {
		return fault.New(fault.NotFound, "no service %q", id)
	}
	if err := r.ParseForm(); err != nil {
		return fault.New(fault.Invalid, "the form could not be read")
	}
	ticked := r.PostForm["on"]
	list, err := h.Switches.AISwitches(r.Context())
	if err != nil {
		return err
	}
	for _, f := range h.featuresInUse() {
		switched := slices.ContainsFunc(list, func(sw triage.Switch) bool { return sw.Feature == f && sw.ServiceID == id })
		if !switched && !h.On(f, id) {
			continue // off in the configuration: not this page's to change
		}
		if err := h.Switches.SwitchAI(r.Context(), principal(r).UserID, f, id, slices.Contains(ticked, f)); err != nil {
			return err
		}
	}
	http.Redirect(w, r, pathSwitches+"?saved="+id+"#"+id, http.StatusSeeOther)
	return nil
}
