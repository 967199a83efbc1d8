package opendata

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/opendata"
)

// Vocabularies of the DCAT catalogue (DCAT v2 and DCAT-AP use these).
const (
	nsRDF   = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	nsDCAT  = "http://www.w3.org/ns/dcat#"
	nsDCT   = "http://purl.org/dc/terms/"
	nsFOAF  = "http://xmlns.com/foaf/0.1/"
	nsVCard = "http://www.w3.org/2006/vcard/ns#"
	nsXSD   = "http://www.w3.org/2001/XMLSchema#"
)

var prefixes = []struct{ short, long string }{
	{"rdf", nsRDF}, {"dcat", nsDCAT}, {"dct", nsDCT}, {"foaf", nsFOAF}, {"vcard", nsVCard}, {"xsd", nsXSD},
}

// term is an RDF object: an IRI, a blank node ("_:x"), or a literal with a
// datatype or a language.
type term struct {
	IRI, Value, Datatype, Lang string
}

func iri(s string) term              { return term{IRI: s} }
func lit(s string) term              { return term{Value: s, Lang: "en"} }
func typed(s string, dt string) term { return term{Value: s, Datatype: dt} }
func dateTime(t time.Time) term      { return typed(t.UTC().Format(time.RFC3339), nsXSD+"dateTime") }
func plain(s string) term            { return term{Value: s} }
func (t term) isLiteral() bool       { return t.IRI == "" }
func (t term) isBlank() bool         { return strings.HasPrefix(t.IRI, "_:") }
func mediaType(mt string) term       { return iri("http://www.iana.org/assignments/media-types/" + mt) }

type triple struct {
	s, p string
	o    term
}

// graph is the catalogue as triples, in the order they were added, so both
// serialisations list things in the same order.
type graph struct{ triples []triple }

func (g *graph) add(s, p string, o term) { g.triples = append(g.triples, triple{s, p, o}) }

// catalogueGraph describes the council's catalogue: each dataset, its
// publisher and contact, and each downloadable file as a distribution.
func (h *handler) catalogueGraph(r *http.Request) (*graph, error) {
	base := h.base(r)
	g := &graph{}
	cat, org := base+"/open-data/catalog", base+"/open-data#publisher"
	g.add(cat, nsRDF+"type", iri(nsDCAT+"Catalog"))
	g.add(cat, nsDCT+"title", lit(h.Data.Publisher+" open data"))
	g.add(cat, nsDCT+"description", lit("Data about the requests residents make to "+h.Data.Publisher+", updated as each request moves."))
	g.add(cat, nsDCT+"publisher", iri(org))
	g.add(cat, nsDCAT+"landingPage", iri(base+"/open-data"))
	g.add(cat, nsDCT+"language", iri("http://id.loc.gov/vocabulary/iso639-1/en"))
	g.add(org, nsRDF+"type", iri(nsFOAF+"Organization"))
	g.add(org, nsFOAF+"name", lit(h.Data.Publisher))
	all, err := h.Data.Datasets(r.Context())
	if err != nil {
		return nil, err
	}
	var newest time.Time
	for i, d := range all {
		v, err := h.Data.Version(r.Context(), d, time.Time{})
		if err != nil {
			return nil, err
		}
		if v.Modified.After(newest) {
			newest = v.Modified
		}
		g.add(cat, nsDCAT+"dataset", iri(base+"/open-data/"+d.ID))
		h.datasetTriples(g, base, org, d, v, i)
	}
	if !newest.IsZero() {
		g.add(cat, nsDCT+"modified", dateTime(newest))
	}
	return g, nil
}

func (h *handler) datasetTriples(g *graph, base, org string, d opendata.Dataset, v opendata.Version, n int) {
	ds := base + "/open-data/" + d.ID
	g.add(ds, nsRDF+"type", iri(nsDCAT+"Dataset"))
	g.add(ds, nsDCT+"identifier", plain(d.ID))
	g.add(ds, nsDCT+"title", lit(d.Title))
	g.add(ds, nsDCT+"description", lit(d.Description))
	for _, k := range d.Keywords {
		g.add(ds, nsDCAT+"keyword", lit(k))
	}
	g.add(ds, nsDCAT+"theme", lit(d.Category))
	g.add(ds, nsDCT+"publisher", iri(org))
	g.add(ds, nsDCAT+"landingPage", iri(ds))
	g.add(ds, nsDCT+"accrualPeriodicity", iri("http://purl.org/cld/freq/continuous"))
	if !v.Modified.IsZero() {
		g.add(ds, nsDCT+"modified", dateTime(v.Modified))
	}
	if h.Data.Contact != "" {
		cp := fmt.Sprintf("_:contact%d", n)
		g.add(ds, nsDCAT+"contactPoint", iri(cp))
		g.add(cp, nsRDF+"type", iri(nsVCard+"Organization"))
		g.add(cp, nsVCard+"fn", lit(h.Data.Publisher))
		g.add(cp, nsVCard+"hasEmail", iri("mailto:"+h.Data.Contact))
	}
	for _, f := range distributions(d) {
		url := ds + "." + f.ext
		g.add(ds, nsDCAT+"distribution", iri(url))
		g.add(url, nsRDF+"type", iri(nsDCAT+"Distribution"))
		g.add(url, nsDCT+"title", lit(d.Title+" ("+f.name+")"))
		g.add(url, nsDCAT+"accessURL", iri(url))
		g.add(url, nsDCAT+"downloadURL", iri(url))
		g.add(url, nsDCAT+"mediaType", mediaType(f.mediaType))
		g.add(url, nsDCT+"format", plain(f.name))
		g.add(url, nsDCT+"license", iri(licenceIRI(d)))
		if f.ext == "csv" {
			g.add(url, nsDCT+"conformsTo", iri(ds+".csv-metadata.json"))
		}
	}
	g.add(ds, nsDCT+"license", iri(licenceIRI(d)))
}

// licenceIRI is the licence's address; a licence Guildhall does not know is
// named under the site so that the value stays an IRI, as DCAT wants.
func licenceIRI(d opendata.Dataset) string {
	if u := d.LicenceURL(); u != "" {
		return u
	}
	return "urn:licence:" + strings.ReplaceAll(d.Licence, " ", "-")
}

type distribution struct{ ext, name, mediaType string }

func distributions(d opendata.Dataset) []distribution {
	out := []distribution{{"csv", "CSV", "text/csv"}, {"json", "JSON", "application/json"}}
	if d.HasLocation() {
		out = append(out, distribution{"geojson", "GeoJSON", "application/geo+json"})
	}
	return out
}

// dcatTurtle writes the catalogue as Turtle.
func (h *handler) dcatTurtle(w http.ResponseWriter, r *http.Request) error {
	g, err := h.catalogueGraph(r)
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, p := range prefixes {
		fmt.Fprintf(&b, "@prefix %s: <%s> .\n", p.short, p.long)
	}
	b.WriteString("\n")
	for _, t := range g.triples {
		fmt.Fprintf(&b, "%s %s %s .\n", turtleNode(t.s), turtlePredicate(t.p), turtleTerm(t.o))
	}
	w.Header().Set("Content-Type", "text/turtle; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	_, err = w.Write([]byte(b.String()))
	return err
}

func turtleNode(s string) string {
	if strings.HasPrefix(s, "_:") {
		return s
	}
	return "<" + escapeIRI(s) + ">"
}

func turtlePredicate(p string) string {
	if p == nsRDF+"type" {
		return "a"
	}
	for _, x := range prefixes {
		if local, ok := strings.CutPrefix(p, x.long); ok {
			return x.short + ":" + local
		}
	}
	return "<" + escapeIRI(p) + ">"
}

func turtleTerm(t term) string {
	if !t.isLiteral() {
		return turtleNode(t.IRI)
	}
	s := `"` + escapeLiteral(t.Value) + `"`
	switch {
	case t.Datatype != "":
		return s + "^^<" + t.Datatype + ">"
	case t.Lang != "":
		return s + "@" + t.Lang
	}
	return s
}

// escapeLiteral escapes a string for a Turtle quoted literal.
func escapeLiteral(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`)
	return r.Replace(s)
}

// escapeIRI percent-encodes the characters an IRI reference may not hold.
func escapeIRI(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c <= 0x20 || strings.ContainsRune(`<>"{}|^`+"`\\", c) {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// dcatJSONLD writes the catalogue as expanded JSON-LD: full IRIs and no
// remote @context, so a parser needs nothing but the document.
func (h *handler) dcatJSONLD(w http.ResponseWriter, r *http.Request) error {
	g, err := h.catalogueGraph(r)
	if err != nil {
		return err
	}
	var order []string
	nodes := map[string]map[string]any{}
	for _, t := range g.triples {
		n, ok := nodes[t.s]
		if !ok {
			n = map[string]any{"@id": t.s}
			nodes[t.s] = n
			order = append(order, t.s)
		}
		if t.p == nsRDF+"type" {
			n["@type"] = append(asList(n["@type"]), t.o.IRI)
			continue
		}
		n[t.p] = append(asList(n[t.p]), jsonldValue(t.o))
	}
	out := make([]any, len(order))
	for i, s := range order {
		out[i] = nodes[s]
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/ld+json")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	_, err = w.Write(append(b, '\n'))
	return err
}

func asList(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return nil
}

func jsonldValue(t term) map[string]any {
	switch {
	case !t.isLiteral():
		return map[string]any{"@id": t.IRI}
	case t.Datatype != "":
		return map[string]any{"@value": t.Value, "@type": t.Datatype}
	case t.Lang != "":
		return map[string]any{"@value": t.Value, "@language": t.Lang}
	}
	return map[string]any{"@value": t.Value}
}
