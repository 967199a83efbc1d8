package service

import (
	"cmp"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"sync/atomic"
)

// Catalog is a loaded, checked set of services. It is immutable: to change
// services, load a new Catalog and swap it in a Registry.
type Catalog struct {
	all   []*Definition
	byID  map[string]*Definition
	index []indexed
}

// NewCatalog builds a catalog from definitions that have passed Check.
func NewCatalog(defs []*Definition) *Catalog {
	c := &Catalog{byID: make(map[string]*Definition, len(defs))}
	c.all = slices.Clone(defs)
	slices.SortFunc(c.all, func(a, b *Definition) int {
		return cmp.Or(cmp.Compare(a.Category, b.Category), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	for _, d := range c.all {
		c.byID[d.ID] = d
		c.index = append(c.index, indexDefinition(d))
	}
	return c
}

// LoadDir reads every *.yaml and *.yml file at the top of fsys, checks each
// and all together, and returns the catalog. The error, when not nil, is a
// *Problems listing every problem in every file; no catalog is returned then,
// so a broken edit never replaces a working catalog.
func LoadDir(fsys fs.FS) (*Catalog, error) {
	names, err := definitionFiles(fsys)
	if err != nil {
		return nil, err
	}
	var defs []*Definition
	var probs Problems
	for _, name := range names {
		d, ps := loadFile(fsys, name)
		probs = append(probs, ps...)
		if d != nil {
			defs = append(defs, d)
		}
	}
	probs = append(probs, checkAcross(defs)...)
	if len(probs) > 0 {
		probs.Sort()
		return nil, probs.Err()
	}
	return NewCatalog(defs), nil
}

// LoadDirAll is LoadDir for tools: it returns every definition that decoded,
// even when some have problems, and the problems as a list.
func LoadDirAll(fsys fs.FS) ([]*Definition, Problems, error) {
	names, err := definitionFiles(fsys)
	if err != nil {
		return nil, nil, err
	}
	var defs []*Definition
	var probs Problems
	for _, name := range names {
		d, ps := loadFile(fsys, name)
		probs = append(probs, ps...)
		if d != nil {
			defs = append(defs, d)
		}
	}
	probs = append(probs, checkAcross(defs)...)
	probs.Sort()
	return defs, probs, nil
}

func definitionFiles(fsys fs.FS) ([]string, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read service folder: %w", err)
	}
	var names []string
	for _, e := range entries {
		if ext := path.Ext(e.Name()); !e.IsDir() && (ext == ".yaml" || ext == ".yml") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

func loadFile(fsys fs.FS, name string) (*Definition, Problems) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, Problems{{File: name, Message: "cannot read the file: " + err.Error()}}
	}
	d, err := Parse(name, src)
	if err == nil {
		return d, nil
	}
	if ps, ok := err.(*Problems); ok {
		return d, *ps
	}
	return d, Problems{{File: name, Message: err.Error()}}
}

// Get returns the service with the given id.
func (c *Catalog) Get(id string) (*Definition, bool) {
	d, ok := c.byID[id]
	return d, ok
}

// All returns every service, ordered by category then name.
func (c *Catalog) All() []*Definition { return slices.Clone(c.all) }

// Category is a group of services on the start page.
type Category struct {
	Name     string
	Services []*Definition
}

// ByCategory groups the services by category, both in alphabetical order.
func (c *Catalog) ByCategory() []Category {
	var out []Category
	for _, d := range c.all {
		if len(out) == 0 || out[len(out)-1].Name != d.Category {
			out = append(out, Category{Name: d.Category})
		}
		last := &out[len(out)-1]
		last.Services = append(last.Services, d)
	}
	return out
}

// For returns the services open to an audience, in catalogue order.
func (c *Catalog) For(a Audience) []*Definition {
	var out []*Definition
	for _, d := range c.all {
		if d.HasAudience(a) {
			out = append(out, d)
		}
	}
	return out
}

// HasAudience reports whether the service is open to a.
func (d *Definition) HasAudience(a Audience) bool { return slices.Contains(d.Audience, a) }

// Registry holds the current catalog. The server reads it per request and
// swaps in a freshly loaded one on SIGHUP; requests in flight keep the catalog
// they started with.
type Registry struct {
	cur atomic.Pointer[Catalog]
}

// NewRegistry returns a registry holding c.
func NewRegistry(c *Catalog) *Registry {
	r := &Registry{}
	r.Store(c)
	return r
}

// Load returns the current catalog (nil before the first Store).
func (r *Registry) Load() *Catalog { return r.cur.Load() }

// Store makes c the current catalog.
func (r *Registry) Store(c *Catalog) { r.cur.Store(c) }

// Reload loads fsys and, only when it is free of problems, makes it current.
// On error the previous catalog stays in place.
func (r *Registry) Reload(fsys fs.FS) error {
	c, err := LoadDir(fsys)
	if err != nil {
		return err
	}
	r.Store(c)
	return nil
}
