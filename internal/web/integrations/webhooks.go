package integrations

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/web"
	"github.com/guildhall-platform/guildhall/internal/webhooks"
)

// webhooksPage lists endpoints and registers new ones.
type webhooksPage struct {
	Errors                     []web.FieldError
	Endpoints                  []endpointRow
	URL, Description, Services web.Field
	Events                     web.Field
}

// FieldErrors lists the form's errors for the error summary and <title>.
func (p *webhooksPage) FieldErrors() []web.FieldError { return p.Errors }

type endpointRow struct {
	ID                                     int64
	URL, Description, Events, Services, By string
	Created                                string
	Active                                 bool
}

func (h *handler) webhooksPage(r *http.Request) (*webhooksPage, error) {
	es, err := h.Webhooks.List(r.Context())
	if err != nil {
		return nil, err
	}
	p := &webhooksPage{
		URL: web.Field{ID: "url", Label: "URL", Type: "url", NoSpellcheck: true, Value: r.PostFormValue("url"),
			Hint: "Where to send events, for example https://crm.example.org/guildhall/events"},
		Description: web.Field{ID: "description", Label: "Description", Value: r.PostFormValue("description"),
			Hint: "Who runs the receiver and why"},
		Services: web.Field{ID: "services", Label: "Services", NoSpellcheck: true, Value: r.PostFormValue("services"),
			Hint: "Service ids separated by commas, for example report-a-pothole, or * for every service (including subject access requests)"},
		Events: web.Field{ID: "events", Label: "Events", Values: r.PostForm["events"]},
	}
	for _, t := range webhooks.EventTypes {
		p.Events.Options = append(p.Events.Options, web.Option{Value: t, Label: t})
	}
	for _, e := range es {
		p.Endpoints = append(p.Endpoints, endpointRow{ID: e.ID, URL: e.URL, Description: e.Description,
			Events: strings.Join(e.Events, ", "), Services: servicesText(e.Services),
			By: e.CreatedBy, Created: e.CreatedAt.Format("2 January 2006"), Active: e.Active})
	}
	return p, nil
}

func (h *handler) webhooksGet(w http.ResponseWriter, r *http.Request) error {
	p, err := h.webhooksPage(r)
	if err != nil {
		return err
	}
	return h.render.Render(w, r, http.StatusOK, "webhooks", p)
}

// webhooksPost registers an endpoint and shows its secret, once.
func (h *handler) webhooksPost(w http.ResponseWriter, r *http.Request) error {
	in := webhooks.Endpoint{URL: r.PostFormValue("url"), Description: strings.TrimSpace(r.PostFormValue("description")),
		Events: r.PostForm["events"], Services: strings.Split(r.PostFormValue("services"), ",")}
	e, err := h.Webhooks.Register(r.Context(), in, web.PrincipalFrom(r.Context()).UserID)
	var ve *webhooks.ValidationError
	if errors.As(err, &ve) {
		return h.invalid(w, r, ve)
	}
	if err != nil {
		return err
	}
	if err := h.audit(r, "webhook.registered", endpointSubject(e.ID), map[string]any{
		"url": e.URL, "events": strings.Join(e.Events, ","), "services": strings.Join(e.Services, ",")}); err != nil {
		return err
	}
	return h.render.Render(w, r, http.StatusOK, "webhook_secret", &secretPage{URL: e.URL, Secret: e.Secret})
}

func (h *handler) invalid(w http.ResponseWriter, r *http.Request, ve *webhooks.ValidationError) error {
	p, err := h.webhooksPage(r)
	if err != nil {
		return err
	}
	fields := map[string]*web.Field{"url": &p.URL, "events": &p.Events, "services": &p.Services}
	for _, fe := range ve.Fields {
		if f := fields[fe.Field]; f != nil && f.Error == "" {
			f.Error = fe.Message
			p.Errors = append(p.Errors, web.FieldError{Field: f.ID, Message: fe.Message})
		}
	}
	return h.render.Render(w, r, http.StatusUnprocessableEntity, "webhooks", p)
}

// secretPage shows a new endpoint's signing secret once.
type secretPage struct{ URL, Secret string }

func (h *handler) webhookActive(active bool) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := endpointID(r)
		if err != nil {
			return err
		}
		if err := h.Webhooks.SetActive(r.Context(), id, active); err != nil {
			return err
		}
		action := map[bool]string{true: "webhook.resumed", false: "webhook.paused"}[active]
		if err := h.audit(r, action, endpointSubject(id), nil); err != nil {
			return err
		}
		http.Redirect(w, r, PathWebhooks, http.StatusSeeOther)
		return nil
	}
}

func (h *handler) webhookDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := endpointID(r)
	if err != nil {
		return err
	}
	if err := h.Webhooks.Delete(r.Context(), id); err != nil {
		return err
	}
	if err := h.audit(r, "webhook.deleted", endpointSubject(id), nil); err != nil {
		return err
	}
	http.Redirect(w, r, PathWebhooks, http.StatusSeeOther)
	return nil
}

func endpointID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, fault.New(fault.NotFound, "webhook endpoint %q", r.PathValue("id"))
	}
	return id, nil
}

func endpointSubject(id int64) string { return "webhook:" + strconv.FormatInt(id, 10) }

// servicesText describes an endpoint's services in the list.
func servicesText(ids []string) string {
	switch {
	case slices.Contains(ids, webhooks.AllServices):
		return "Every service (*)"
	case len(ids) == 0:
		return "None"
	}
	return strings.Join(ids, ", ")
}
