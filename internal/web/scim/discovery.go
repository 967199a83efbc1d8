package scim

import (
	"net/http"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// serviceProviderConfig says what this provider supports (RFC 7643 §5).
func (h *handler) serviceProviderConfig(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, object{
		"schemas":          []any{"urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"},
		"documentationUri": "https://github.com/guildhall-platform/guildhall/blob/main/docs/identity.md",
		"patch":            object{"supported": true},
		"bulk":             object{"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
		"filter":           object{"supported": true, "maxResults": 1000},
		"changePassword":   object{"supported": false},
		"sort":             object{"supported": false},
		"etag":             object{"supported": false},
		"authenticationSchemes": []any{object{"type": "oauthbearertoken", "name": "OAuth Bearer Token",
			"description": "The long-lived token configured with --scim-token", "primary": true}},
		"meta": object{"resourceType": "ServiceProviderConfig", "location": h.base + "/ServiceProviderConfig"},
	})
	return nil
}

func (h *handler) resourceTypeList() []object {
	return []object{
		{"schemas": []any{"urn:ietf:params:scim:schemas:core:2.0:ResourceType"}, "id": "User", "name": "User",
			"endpoint": "/Users", "schema": schemaUser,
			"schemaExtensions": []any{object{"schema": schemaEnterprise, "required": false}},
			"meta":             object{"resourceType": "ResourceType", "location": h.base + "/ResourceTypes/User"}},
		{"schemas": []any{"urn:ietf:params:scim:schemas:core:2.0:ResourceType"}, "id": "Group", "name": "Group",
			"endpoint": "/Groups", "schema": schemaGroup,
			"meta": object{"resourceType": "ResourceType", "location": h.base + "/ResourceTypes/Group"}},
	}
}

func (h *handler) resourceTypes(w http.ResponseWriter, r *http.Request) error {
	listResponse(w, h.resourceTypeList(), 1, 100)
	return nil
}

func (h *handler) resourceType(w http.ResponseWriter, r *http.Request) error {
	for _, rt := range h.resourceTypeList() {
		if strings.EqualFold(rt["id"].(string), r.PathValue("id")) {
			writeJSON(w, http.StatusOK, rt)
			return nil
		}
	}
	return fault.New(fault.NotFound, "resource type")
}

// attr describes one schema attribute (RFC 7643 §7).
func attr(name, typ string, required, multi bool, uniqueness string, subs ...object) object {
	a := object{"name": name, "type": typ, "multiValued": multi, "required": required, "caseExact": false,
		"mutability": "readWrite", "returned": "default", "uniqueness": uniqueness}
	if len(subs) > 0 {
		a["subAttributes"] = subs
	}
	return a
}

func (h *handler) schemaList() []object {
	str := func(n string) object { return attr(n, "string", false, false, "none") }
	schema := func(id, name string, attrs ...object) object {
		return object{"schemas": []any{"urn:ietf:params:scim:schemas:core:2.0:Schema"}, "id": id, "name": name,
			"attributes": attrs, "meta": object{"resourceType": "Schema", "location": h.base + "/Schemas/" + id}}
	}
	return []object{
		schema(schemaUser, "User",
			attr("userName", "string", true, false, "server"), str("externalId"), str("displayName"),
			attr("name", "complex", false, false, "none", str("formatted"), str("givenName"), str("familyName")),
			attr("emails", "complex", false, true, "none", str("value"), str("type"), attr("primary", "boolean", false, false, "none")),
			attr("active", "boolean", false, false, "none"), str("title")),
		schema(schemaEnterprise, "EnterpriseUser", str("employeeNumber"), str("department"), str("organization"),
			attr("manager", "complex", false, false, "none", str("value"))),
		schema(schemaGroup, "Group", attr("displayName", "string", true, false, "server"), str("externalId"),
			attr("members", "complex", false, true, "none", str("value"), str("display"), str("type"))),
	}
}

func (h *handler) schemas(w http.ResponseWriter, r *http.Request) error {
	listResponse(w, h.schemaList(), 1, 100)
	return nil
}

func (h *handler) schema(w http.ResponseWriter, r *http.Request) error {
	for _, s := range h.schemaList() {
		if s["id"] == r.PathValue("id") {
			writeJSON(w, http.StatusOK, s)
			return nil
		}
	}
	return fault.New(fault.NotFound, "schema")
}
