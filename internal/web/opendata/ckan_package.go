package opendata

import (
	"crypto/sha1"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/opendata"
)

// ckanTime is how CKAN writes times: UTC, no zone, microseconds.
func ckanTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format("2006-01-02T15:04:05.000000")
}

// stableID is a UUID (version 5 form) from a name, so that a dataset's or
// resource's id never changes between requests or restarts: harvesters key
// on it.
func stableID(kind, name string) string {
	sum := sha1.Sum([]byte("guildhall:" + kind + ":" + name))
	sum[6] = (sum[6] & 0x0f) | 0x50
	sum[8] = (sum[8] & 0x3f) | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// orgName is the council's CKAN organization name: its name as a slug.
func (h *handler) orgName() string {
	s := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(h.Data.Publisher), "-"), "-")
	if s == "" {
		return "council"
	}
	return s
}

// ckanLicences maps licences to CKAN's licence ids and titles.
var ckanLicences = map[string][2]string{
	"OGL-UK-3.0": {"uk-ogl", "UK Open Government Licence (OGL)"},
	"CC-BY-4.0":  {"cc-by", "Creative Commons Attribution"},
	"CC0-1.0":    {"cc-zero", "Creative Commons CCZero"},
	"ODbL-1.0":   {"odc-odbl", "Open Data Commons Open Database License (ODbL)"},
}

func (h *handler) organization(r *http.Request, count int) map[string]any {
	return map[string]any{
		"id": stableID("organization", h.orgName()), "name": h.orgName(), "title": h.Data.Publisher, "display_name": h.Data.Publisher,
		"description": "Open data published by " + h.Data.Publisher + ".", "type": "organization", "is_organization": true,
		"state": "active", "approval_status": "approved", "image_url": "", "image_display_url": "", "created": ckanTime(time.Unix(0, 0)),
		"package_count": count,
	}
}

// packageDict is a dataset as CKAN's package_show returns it.
func (h *handler) packageDict(r *http.Request, d opendata.Dataset) (map[string]any, error) {
	v, err := h.Data.Version(r.Context(), d, time.Time{})
	if err != nil {
		return nil, err
	}
	lic := ckanLicences[d.Licence]
	if lic[0] == "" {
		lic = [2]string{d.Licence, d.Licence}
	}
	tags := []any{}
	for _, k := range d.Keywords {
		tags = append(tags, map[string]any{"id": stableID("tag", k), "name": k, "display_name": k, "state": "active", "vocabulary_id": nil})
	}
	pkgID := stableID("dataset", d.ID)
	resources := h.resources(r, d, pkgID, v)
	all, err := h.Data.Datasets(r.Context())
	if err != nil {
		return nil, err
	}
	org := h.organization(r, len(all))
	delete(org, "package_count")
	return map[string]any{
		"id": pkgID, "name": d.ID, "title": d.Title, "notes": d.Description, "type": "dataset", "state": "active",
		"private": false, "isopen": lic[0] == "uk-ogl" || lic[0] == "cc-by" || lic[0] == "cc-zero" || lic[0] == "odc-odbl",
		"url": h.base(r) + "/open-data/" + d.ID, "version": nil,
		"author": h.Data.Publisher, "author_email": nilIfEmpty(h.Data.Contact),
		"maintainer": h.Data.Publisher, "maintainer_email": nilIfEmpty(h.Data.Contact),
		"license_id": lic[0], "license_title": lic[1], "license_url": d.LicenceURL(),
		"metadata_created": ckanTime(firstNonZero(v.Modified, time.Unix(0, 0))), "metadata_modified": ckanTime(firstNonZero(v.Modified, time.Unix(0, 0))),
		"owner_org": org["id"], "organization": org, "creator_user_id": nil,
		"tags": tags, "num_tags": len(tags), "groups": []any{},
		"extras": []any{
			map[string]any{"key": "guildhall_service", "value": d.ServiceID},
			map[string]any{"key": "theme", "value": d.Category},
			map[string]any{"key": "rows", "value": fmt.Sprint(v.Rows)},
		},
		"resources": resources, "num_resources": len(resources),
		"relationships_as_object": []any{}, "relationships_as_subject": []any{},
	}, nil
}

func firstNonZero(a, b time.Time) time.Time {
	if a.IsZero() {
		return b
	}
	return a
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// resources are the dataset's files, the CSV first; it is the one the
// datastore answers for.
func (h *handler) resources(r *http.Request, d opendata.Dataset, pkgID string, v opendata.Version) []any {
	var out []any
	for i, f := range distributions(d) {
		out = append(out, map[string]any{
			"id": stableID("resource", d.ID+"."+f.ext), "package_id": pkgID, "name": d.Title + " (" + f.name + ")",
			"description": "", "format": f.name, "mimetype": f.mediaType, "url": h.base(r) + "/open-data/" + d.ID + "." + f.ext,
			"position": i, "state": "active", "url_type": nil, "resource_type": nil, "hash": "", "size": nil,
			"datastore_active": f.ext == "csv", "created": ckanTime(firstNonZero(v.Modified, time.Unix(0, 0))),
			"last_modified": ckanTime(v.Modified), "metadata_modified": ckanTime(v.Modified),
		})
	}
	return out
}

// datasetByIDOrName finds a dataset by CKAN id or name.
func (h *handler) datasetByIDOrName(r *http.Request, key string) (opendata.Dataset, bool, error) {
	all, err := h.Data.Datasets(r.Context())
	for _, d := range all {
		if d.ID == key || stableID("dataset", d.ID) == key {
			return d, true, nil
		}
	}
	return opendata.Dataset{}, false, err
}

// datasetByResource finds the dataset and format of a resource id; the
// dataset's name stands for its CSV resource (CKAN's alias).
func (h *handler) datasetByResource(r *http.Request, key string) (opendata.Dataset, string, bool, error) {
	all, err := h.Data.Datasets(r.Context())
	for _, d := range all {
		if key == d.ID {
			return d, "csv", true, nil
		}
		for _, f := range distributions(d) {
			if stableID("resource", d.ID+"."+f.ext) == key {
				return d, f.ext, true, nil
			}
		}
	}
	return opendata.Dataset{}, "", false, err
}

func (h *handler) statusShow(r *http.Request, _ params) (any, error) {
	return map[string]any{
		"site_title": h.Data.Publisher + " open data", "site_url": h.base(r), "site_description": "Open data from " + h.Data.Publisher,
		"ckan_version": "2.10.4", "error_emails_to": nil, "locale_default": "en_GB",
		"extensions": []string{"datastore", "dcat", "guildhall"},
	}, nil
}

func (h *handler) helpShow(_ *http.Request, p params) (any, error) {
	if _, ok := h.ckanActions()[p.str("name")]; !ok {
		return nil, notFound("Action function not found")
	}
	return "See docs/open-data.md: Guildhall answers this action as CKAN does.", nil
}

func (h *handler) packageList(r *http.Request, p params) (any, error) {
	limit, err := p.integer("limit", 1<<30, 1<<30)
	if err != nil {
		return nil, err
	}
	offset, err := p.integer("offset", 0, 1<<30)
	if err != nil {
		return nil, err
	}
	all, err := h.Data.Datasets(r.Context())
	if err != nil {
		return nil, err
	}
	names := []string{}
	for i, d := range all {
		if i >= offset && len(names) < limit {
			names = append(names, d.ID)
		}
	}
	return names, nil
}

func (h *handler) packageShow(r *http.Request, p params) (any, error) {
	id := p.str("id")
	if id == "" {
		return nil, invalid("id", "Missing value")
	}
	d, ok, err := h.datasetByIDOrName(r, id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, notFound("Dataset not found")
	}
	return h.packageDict(r, d)
}

func (h *handler) resourceShow(r *http.Request, p params) (any, error) {
	id := p.str("id")
	if id == "" {
		return nil, invalid("id", "Missing value")
	}
	d, ext, ok, err := h.datasetByResource(r, id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, notFound("Resource was not found.")
	}
	pkg, err := h.packageDict(r, d)
	if err != nil {
		return nil, err
	}
	for _, res := range pkg["resources"].([]any) {
		if m := res.(map[string]any); strings.HasSuffix(m["url"].(string), "."+ext) {
			return m, nil
		}
	}
	return nil, notFound("Resource was not found.")
}

func (h *handler) organizationList(r *http.Request, p params) (any, error) {
	if p.boolean("all_fields") {
		all, err := h.Data.Datasets(r.Context())
		if err != nil {
			return nil, err
		}
		return []any{h.organization(r, len(all))}, nil
	}
	return []string{h.orgName()}, nil
}

func (h *handler) organizationShow(r *http.Request, p params) (any, error) {
	id := p.str("id")
	if id != h.orgName() && id != stableID("organization", h.orgName()) {
		if id == "" {
			return nil, invalid("id", "Missing value")
		}
		return nil, notFound("Organization was not found.")
	}
	all, err := h.Data.Datasets(r.Context())
	if err != nil {
		return nil, err
	}
	org := h.organization(r, len(all))
	if p.boolean("include_datasets") {
		var pkgs []any
		for _, d := range all {
			pd, err := h.packageDict(r, d)
			if err != nil {
				return nil, err
			}
			pkgs = append(pkgs, pd)
		}
		org["packages"] = pkgs
	}
	org["users"], org["extras"], org["groups"], org["tags"] = []any{}, []any{}, []any{}, []any{}
	return org, nil
}
