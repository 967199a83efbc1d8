package scim

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/fault"
)

// patchRequest is a SCIM PatchOp message.
type patchRequest struct {
	Schemas    []string  `json:"schemas"`
	Operations []patchOp `json:"Operations"`
}

type patchOp struct {
	Op    string          `json:"op"`
	Path  string          `json:"path"`
	Value json.RawMessage `json:"value"`
}

// applyPatch applies operations to a resource in order. Ops are
// case-insensitive (Entra sends "Replace"); a path-less add or replace takes
// an object whose keys are themselves paths ("name.givenName").
func applyPatch(o object, ops []patchOp) error {
	if len(ops) == 0 {
		return invalid("no Operations")
	}
	for _, op := range ops {
		var v any
		if len(op.Value) > 0 {
			if err := json.Unmarshal(op.Value, &v); err != nil {
				return invalid("value is not JSON")
			}
		}
		if err := applyOne(o, strings.ToLower(op.Op), op.Path, v); err != nil {
			return err
		}
	}
	return nil
}

func invalid(format string, args ...any) error {
	return fault.New(fault.Invalid, format, args...)
}

func applyOne(o object, op, rawPath string, v any) error {
	if rawPath == "" {
		if op == "remove" {
			return invalid("remove needs a path")
		}
		m, ok := v.(object)
		if !ok {
			return invalid("%s without a path needs an object value", op)
		}
		for k, kv := range m {
			if err := applyOne(o, op, k, kv); err != nil {
				return err
			}
		}
		return nil
	}
	path, err := ParsePath(rawPath)
	if err != nil {
		return fault.Wrap(fault.Invalid, err, "bad path")
	}
	// A whole extension object ("urn:…:enterprise:2.0:User": {…}) parses as
	// attribute "User" of schema "urn:…:2.0": treat it as the object key.
	if strings.HasPrefix(strings.ToLower(rawPath), "urn:") && !strings.Contains(rawPath, "[") && isSchema(rawPath) {
		if op == "remove" {
			delete(o, key(o, rawPath))
			return nil
		}
		if m, ok := v.(object); ok {
			ext, _ := o[key(o, rawPath)].(object)
			if ext == nil {
				ext = object{}
			}
			// Merged rather than replaced even for replace: Entra sends only
			// the extension attributes that changed.
			for k, kv := range m {
				ext[key(ext, k)] = kv
			}
			o[key(o, rawPath)] = ext
			return nil
		}
		return invalid("%s needs an object value", rawPath)
	}
	switch op {
	case "add", "replace":
		return set(container(o, path, true), path, v, op == "add")
	case "remove":
		if c := container(o, path, false); c != nil {
			return remove(c, path, v)
		}
		return nil
	}
	return invalid("unknown op %q", op)
}

func isSchema(s string) bool {
	switch strings.ToLower(s) {
	case strings.ToLower(schemaEnterprise), strings.ToLower(schemaUser), strings.ToLower(schemaGroup):
		return true
	}
	return false
}

// container is the object a path's attribute lives in: the resource, or an
// extension schema's object within it.
func container(o object, p Path, create bool) object {
	if p.URN == "" || strings.EqualFold(p.URN, schemaUser) || strings.EqualFold(p.URN, schemaGroup) {
		return o
	}
	k := key(o, p.URN)
	c, ok := o[k].(object)
	if !ok {
		if !create {
			return nil
		}
		c = object{}
		o[k] = c
	}
	return c
}

func set(c object, p Path, v any, add bool) error {
	k := key(c, p.Attr)
	if p.Selector == nil {
		if p.Sub == "" {
			old, isList := c[k].([]any)
			if add && isList {
				c[k] = appendUnique(old, v)
				return nil
			}
			c[k] = v
			return nil
		}
		sub, ok := c[k].(object)
		if !ok {
			sub = object{}
			c[k] = sub
		}
		sub[key(sub, p.Sub)] = v
		return nil
	}
	list, _ := c[k].([]any)
	matched := false
	for _, e := range list {
		if eo, ok := e.(object); ok && matches(eo, p.Selector) {
			matched = true
			setElement(eo, p.Sub, v)
		}
	}
	if !matched {
		// Entra replaces emails[type eq "work"].value on a user that has no
		// work email yet: create the element the selector describes.
		eo := object{}
		for _, c := range p.Selector {
			eo[c.Path.Attr] = c.Value
		}
		setElement(eo, p.Sub, v)
		list = append(list, eo)
	}
	c[k] = list
	return nil
}

func setElement(eo object, sub string, v any) {
	if sub != "" {
		eo[key(eo, sub)] = v
		return
	}
	if m, ok := v.(object); ok {
		for k, mv := range m {
			eo[key(eo, k)] = mv
		}
	}
}

// appendUnique adds v (an element or a list) to a multi-valued attribute,
// skipping elements whose "value" is already present (members).
func appendUnique(list []any, v any) []any {
	add, ok := v.([]any)
	if !ok {
		add = []any{v}
	}
	for _, a := range add {
		if ao, ok := a.(object); ok && getString(ao, "value") != "" && hasValue(list, getString(ao, "value")) {
			continue
		}
		list = append(list, a)
	}
	return list
}

func hasValue(list []any, value string) bool {
	for _, e := range list {
		if eo, ok := e.(object); ok && getString(eo, "value") == value {
			return true
		}
	}
	return false
}

func remove(c object, p Path, v any) error {
	k := key(c, p.Attr)
	list, isList := c[k].([]any)
	switch {
	case p.Selector != nil:
		var keep []any
		for _, e := range list {
			eo, ok := e.(object)
			if ok && matches(eo, p.Selector) {
				if p.Sub != "" {
					delete(eo, key(eo, p.Sub))
					keep = append(keep, eo)
				}
				continue
			}
			keep = append(keep, e)
		}
		c[k] = orEmptyList(keep)
	case p.Sub != "":
		if sub, ok := c[k].(object); ok {
			delete(sub, key(sub, p.Sub))
		}
	case isList && v != nil:
		// Entra's default dialect: {"op":"Remove","path":"members","value":[{"value":"id"}]}.
		gone, ok := v.([]any)
		if !ok {
			return invalid("remove value must be a list")
		}
		var keep []any
		for _, e := range list {
			eo, ok := e.(object)
			if ok && hasValue(gone, getString(eo, "value")) {
				continue
			}
			keep = append(keep, e)
		}
		c[k] = orEmptyList(keep)
	default:
		delete(c, k)
	}
	return nil
}

func orEmptyList(l []any) []any {
	if l == nil {
		return []any{}
	}
	return l
}

// matches reports whether a resource (or an element of a multi-valued
// attribute) satisfies every comparison of f. Strings compare
// case-insensitively except ids, as Entra's matching expects.
func matches(o object, f Filter) bool {
	for _, c := range f {
		if !anyEqual(values(o, c.Path), c.Value, c.Path) {
			return false
		}
	}
	return true
}

// values resolves a path in o to the values it names.
func values(o object, p Path) []any {
	c := container(o, p, false)
	if c == nil {
		return nil
	}
	v := get(c, p.Attr)
	if p.Selector == nil {
		if p.Sub == "" {
			if l, ok := v.([]any); ok {
				return l
			}
			return []any{v}
		}
		if sub, ok := v.(object); ok {
			return []any{get(sub, p.Sub)}
		}
		var out []any
		if l, ok := v.([]any); ok {
			for _, e := range l {
				if eo, ok := e.(object); ok {
					out = append(out, get(eo, p.Sub))
				}
			}
		}
		return out
	}
	var out []any
	l, _ := v.([]any)
	for _, e := range l {
		if eo, ok := e.(object); ok && matches(eo, p.Selector) {
			if p.Sub == "" {
				out = append(out, eo)
			} else {
				out = append(out, get(eo, p.Sub))
			}
		}
	}
	return out
}

func anyEqual(vs []any, want any, p Path) bool {
	exact := strings.EqualFold(p.Attr, "id") || strings.EqualFold(p.Attr, "externalId") || strings.EqualFold(p.Sub, "value") && strings.EqualFold(p.Attr, "members")
	for _, v := range vs {
		switch w := want.(type) {
		case string:
			if s, ok := v.(string); ok && (s == w || !exact && strings.EqualFold(s, w)) {
				return true
			}
			if b, ok := v.(bool); ok && strings.EqualFold(fmt.Sprint(b), w) {
				return true
			}
		default:
			if v == want {
				return true
			}
			if s, ok := v.(string); ok {
				if b, ok := want.(bool); ok && strings.EqualFold(s, fmt.Sprint(b)) {
					return true
				}
			}
		}
	}
	return false
}
