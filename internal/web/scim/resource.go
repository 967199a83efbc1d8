package scim

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
)

// Schema URNs.
const (
	schemaUser       = "urn:ietf:params:scim:schemas:core:2.0:User"
	schemaGroup      = "urn:ietf:params:scim:schemas:core:2.0:Group"
	schemaEnterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
	schemaList       = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
	schemaPatch      = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
	schemaError      = "urn:ietf:params:scim:api:messages:2.0:Error"
)

// object is a SCIM resource as JSON.
type object = map[string]any

// key returns the key of o that matches name case-insensitively (attribute
// names are case-insensitive in SCIM), or name itself.
func key(o object, name string) string {
	if _, ok := o[name]; ok {
		return name
	}
	for k := range o {
		if strings.EqualFold(k, name) {
			return k
		}
	}
	return name
}

func get(o object, name string) any { return o[key(o, name)] }

func getString(o object, name string) string { s, _ := get(o, name).(string); return s }

// serverOwned are attributes the service provider sets; a client's values are dropped.
var serverOwned = []string{"id", "meta", "schemas", "groups", "password"}

// userResource renders an account as a SCIM User: the attributes as
// provisioned, overlaid with what Guildhall holds.
func (h *handler) userResource(u auth.User) object {
	o := object{}
	if len(u.Attributes) > 0 {
		_ = json.Unmarshal(u.Attributes, &o)
	}
	for _, k := range serverOwned {
		delete(o, key(o, k))
	}
	schemas := []any{schemaUser}
	if _, ok := o[key(o, schemaEnterprise)]; ok {
		schemas = append(schemas, schemaEnterprise)
	}
	o["schemas"] = schemas
	o["id"] = u.ID
	o[key(o, "userName")] = u.Email
	o[key(o, "active")] = u.Active
	if u.ExternalID != "" {
		o[key(o, "externalId")] = u.ExternalID
	}
	if getString(o, "displayName") == "" {
		o[key(o, "displayName")] = u.Name
	}
	o["meta"] = h.meta("User", "/Users/"+u.ID, u.CreatedAt, u.UpdatedAt)
	return o
}

func (h *handler) meta(kind, path string, created, updated time.Time) object {
	return object{"resourceType": kind, "created": created.UTC().Format(time.RFC3339),
		"lastModified": updated.UTC().Format(time.RFC3339), "location": h.base + path}
}

// userFromResource reads what Guildhall keeps from a SCIM User.
func userFromResource(o object) (auth.User, error) {
	var u auth.User
	u.Email = strings.TrimSpace(getString(o, "userName"))
	if u.Email == "" {
		return u, fault.New(fault.Invalid, "userName is required")
	}
	active, err := boolean(get(o, "active"), true)
	if err != nil {
		return u, err
	}
	u.Active = active
	u.ExternalID = getString(o, "externalId")
	u.Name = displayName(o)
	attrs := object{}
	for k, v := range o {
		attrs[k] = v
	}
	for _, k := range serverOwned {
		delete(attrs, key(attrs, k))
	}
	b, err := json.Marshal(attrs)
	if err != nil {
		return u, fault.Wrap(fault.Invalid, err, "attributes")
	}
	u.Attributes = b
	return u, nil
}

// displayName is displayName, else name.formatted, else given and family names.
func displayName(o object) string {
	if s := strings.TrimSpace(getString(o, "displayName")); s != "" {
		return s
	}
	if n, ok := get(o, "name").(object); ok {
		if s := strings.TrimSpace(getString(n, "formatted")); s != "" {
			return s
		}
		return strings.TrimSpace(getString(n, "givenName") + " " + getString(n, "familyName"))
	}
	return ""
}

// boolean accepts JSON booleans and Entra's string booleans ("True", "False").
func boolean(v any, missing bool) (bool, error) {
	switch x := v.(type) {
	case nil:
		return missing, nil
	case bool:
		return x, nil
	case string:
		switch strings.ToLower(x) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
	}
	return false, fault.New(fault.Invalid, "active must be true or false")
}

// groupResource renders a group; members are left out when asked.
func (h *handler) groupResource(g auth.Group, members bool) object {
	o := object{"schemas": []any{schemaGroup}, "id": g.ID, "displayName": g.DisplayName,
		"meta": h.meta("Group", "/Groups/"+g.ID, g.CreatedAt, g.UpdatedAt)}
	if g.ExternalID != "" {
		o["externalId"] = g.ExternalID
	}
	if members {
		ms := []any{}
		for _, m := range g.Members {
			ms = append(ms, object{"value": m, "$ref": h.base + "/Users/" + m, "type": "User"})
		}
		o["members"] = ms
	}
	return o
}

// groupFromResource reads a SCIM Group.
func groupFromResource(o object) (auth.Group, error) {
	g := auth.Group{DisplayName: strings.TrimSpace(getString(o, "displayName")), ExternalID: getString(o, "externalId")}
	if g.DisplayName == "" {
		return g, fault.New(fault.Invalid, "displayName is required")
	}
	ms, _ := get(o, "members").([]any)
	for _, m := range ms {
		if mo, ok := m.(object); ok {
			if id := getString(mo, "value"); id != "" && !contains(g.Members, id) {
				g.Members = append(g.Members, id)
			}
		}
	}
	return g, nil
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
