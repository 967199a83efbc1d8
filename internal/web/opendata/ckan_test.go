package opendata_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

// envelope is CKAN's response shape.
type envelope struct {
	Help    string          `json:"help"`
	Success bool            `json:"success"`
	Result  json.RawMessage `json:"result"`
	Error   map[string]any  `json:"error"`
}

func (e *env) ckan(req *http.Request) (int, envelope) {
	e.t.Helper()
	res, body := e.do(req)
	var env envelope
	if err := json.Unmarshal([]byte(body), &env); err != nil {
		e.t.Fatalf("%s %s: not CKAN's envelope: %v\n%s", req.Method, req.URL, err, body)
	}
	return res.StatusCode, env
}

// ckanapiCall is what ckanapi's RemoteCKAN.call_action sends (ckanapi's
// common.prepare_action and remoteckan.py): a POST of the arguments as JSON
// to /api/action/{name}, with its User-Agent.
func (e *env) ckanapiCall(action string, args map[string]any) (int, envelope) {
	body, _ := json.Marshal(args)
	req, _ := http.NewRequest(http.MethodPost, e.URL+"/api/action/"+action, strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "ckanapi/4.7 (+https://github.com/ckan/ckanapi)")
	return e.ckan(req)
}

// harvesterGet is how ckanext-harvest's CKAN harvester calls: GET with the
// arguments urlencoded, on /api/3/action/{name}.
func (e *env) harvesterGet(action string, args url.Values) (int, envelope) {
	req, _ := http.NewRequest(http.MethodGet, e.URL+"/api/3/action/"+action+"?"+args.Encode(), nil)
	return e.ckan(req)
}

func TestCKANClientsReadTheCatalogueUnchanged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, platformtest.OnStore(s))
		t.Run("ckanapi package_list and package_show", func(t *testing.T) { ckanapiPackages(t, e) })
		t.Run("ckanapi CLI search with facets", func(t *testing.T) { ckanapiFacets(t, e) })
		t.Run("CKAN harvester gather", func(t *testing.T) { harvesterGather(t, e) })
		t.Run("datastore_search", func(t *testing.T) { datastore(t, e) })
		t.Run("errors as ckanapi reads them", func(t *testing.T) { ckanErrors(t, e) })
	})
}

func ckanapiPackages(t *testing.T, e *env) {
	st, env := e.ckanapiCall("package_list", nil)
	var names []string
	if st != 200 || !env.Success || json.Unmarshal(env.Result, &names) != nil || strings.Join(names, ",") != "fly-tipping-reports,foi-requests,missed-bin-collections,pothole-reports" {
		t.Fatalf("package_list %d %s", st, env.Result)
	}
	st, env = e.ckanapiCall("package_show", map[string]any{"id": "pothole-reports"})
	var pkg struct {
		ID, Name, Title string
		LicenseID       string `json:"license_id"`
		Organization    struct{ Name, Title string }
		Resources       []struct{ ID, URL, Format string }
		Tags            []struct{ Name string }
	}
	if st != 200 || json.Unmarshal(env.Result, &pkg) != nil {
		t.Fatalf("package_show %d %s", st, env.Result)
	}
	if pkg.Name != "pothole-reports" || pkg.LicenseID != "uk-ogl" || pkg.Organization.Name != "cambridge-city-council" ||
		len(pkg.Resources) != 3 || pkg.Resources[0].URL != e.URL+"/open-data/pothole-reports.csv" || len(pkg.Tags) == 0 {
		t.Errorf("package %+v", pkg)
	}
	// By id too, as harvesters store it; and the same id every time.
	_, again := e.ckanapiCall("package_show", map[string]any{"id": pkg.Resources[0].ID})
	if again.Success {
		t.Error("a resource id was taken for a dataset id")
	}
	_, byID := e.harvesterGet("package_show", url.Values{"id": {mustField(t, env.Result, "id")}})
	if !byID.Success || mustField(t, byID.Result, "name") != "pothole-reports" {
		t.Errorf("package_show by id: %+v", byID)
	}
	_, res := e.ckanapiCall("resource_show", map[string]any{"id": pkg.Resources[0].ID})
	if mustField(t, res.Result, "format") != "CSV" {
		t.Errorf("resource_show %s", res.Result)
	}
}

func ckanapiFacets(t *testing.T, e *env) {
	// ckanapi action package_search 'facet.field:["organization"]' rows:0
	_, env := e.ckanapiCall("package_search", map[string]any{"facet.field": []string{"organization"}, "rows": 0})
	var r struct {
		Count   int
		Results []any
		Facets  map[string]map[string]int
	}
	if json.Unmarshal(env.Result, &r) != nil || r.Count != 4 || len(r.Results) != 0 || r.Facets["organization"]["cambridge-city-council"] != 4 {
		t.Errorf("facets %s", env.Result)
	}
	_, env = e.ckanapiCall("package_search", map[string]any{"q": "pothol", "rows": 10})
	if json.Unmarshal(env.Result, &r) != nil || r.Count != 1 {
		t.Errorf("q=pothol (a typo) %s", env.Result)
	}
	_, orgs := e.ckanapiCall("organization_list", map[string]any{"all_fields": true})
	if !strings.Contains(string(orgs.Result), `"package_count":4`) {
		t.Errorf("organization_list %s", orgs.Result)
	}
}

// harvesterGather is the gather stage of ckanext-harvest's CKANHarvester:
// the first harvest takes everything of the organisation; later ones ask
// for changes since the last (a metadata_modified range, the time from
// Python's isoformat plus Z). Both sort by id and take 100 at a time,
// paging on start until a page is empty.
func harvesterGather(t *testing.T, e *env) {
	if n := gather(t, e, "organization:cambridge-city-council"); n != 4 {
		t.Errorf("the first harvest gathered %d datasets, want 4", n)
	}
	// Only the pothole reports and FOI requests have had cases since.
	if n := gather(t, e, "organization:cambridge-city-council metadata_modified:[2026-01-01T09:00:00.123456Z TO *]"); n != 2 {
		t.Errorf("the harvest of changes gathered %d datasets, want 2", n)
	}
	_, env := e.harvesterGet("package_search", url.Values{"fq": {"metadata_modified:[2030-01-01T00:00:00Z TO *]"}})
	if !strings.Contains(string(env.Result), `"count":0`) {
		t.Errorf("nothing changed since 2030, got %s", env.Result)
	}
	st, org := e.harvesterGet("organization_show", url.Values{"id": {"cambridge-city-council"}})
	if st != 200 || mustField(t, org.Result, "title") != "Cambridge City Council" {
		t.Errorf("organization_show %d %s", st, org.Result)
	}
}

func gather(t *testing.T, e *env, fq string) int {
	seen := map[string]bool{}
	for start := 0; start < 1000; start += 100 {
		args := url.Values{"rows": {"100"}, "start": {strconv.Itoa(start)}, "sort": {"id asc"}, "fq": {fq}}
		st, env := e.harvesterGet("package_search", args)
		if st != 200 || !env.Success {
			t.Fatalf("package_search %d %+v", st, env.Error)
		}
		var r struct{ Results []map[string]any }
		if err := json.Unmarshal(env.Result, &r); err != nil {
			t.Fatal(err)
		}
		if len(r.Results) == 0 {
			break
		}
		for _, p := range r.Results {
			seen[p["id"].(string)] = true
		}
	}
	return len(seen)
}

func datastore(t *testing.T, e *env) {
	// GET, with filters as JSON text (how CKAN takes objects in a query string).
	_, env := e.harvesterGet("datastore_search", url.Values{"resource_id": {"pothole-reports"},
		"filters": {`{"reference":"` + e.refs[2] + `"}`}, "fields": {"_id,reference,surface"}})
	var r struct {
		Total   int
		Fields  []struct{ ID, Type string }
		Records []map[string]any
	}
	if json.Unmarshal(env.Result, &r) != nil || r.Total != 1 || len(r.Records) != 1 || r.Records[0]["surface"] != "road" || len(r.Fields) != 3 {
		t.Fatalf("datastore_search GET %s", env.Result)
	}
	// POST from ckanapi, paging.
	_, env = e.ckanapiCall("datastore_search", map[string]any{"resource_id": "pothole-reports", "limit": 4, "offset": 4, "q": "mill road"})
	if json.Unmarshal(env.Result, &r) != nil || r.Total != 6 || len(r.Records) != 2 || r.Records[0]["_id"] != float64(5) {
		t.Errorf("datastore_search POST %s", env.Result)
	}
	st, env := e.ckanapiCall("datastore_search", map[string]any{"resource_id": "pothole-reports", "filters": map[string]any{"nope": 1}})
	if st != http.StatusConflict || env.Error["__type"] != "Validation Error" {
		t.Errorf("an unknown filter field: %d %+v", st, env.Error)
	}
}

func ckanErrors(t *testing.T, e *env) {
	st, env := e.ckanapiCall("package_show", map[string]any{"id": "no-such-data"})
	if st != http.StatusNotFound || env.Success || env.Error["__type"] != "Not Found Error" || !strings.HasPrefix(env.Error["message"].(string), "Not found: ") {
		t.Errorf("not found: %d %+v", st, env)
	}
	st, env = e.ckanapiCall("package_search", map[string]any{"fq": "colour:red"})
	if st != http.StatusConflict || env.Error["__type"] != "Search Query Error" {
		t.Errorf("bad fq: %d %+v", st, env.Error)
	}
	st, env = e.ckanapiCall("package_create", map[string]any{"name": "x"})
	if st != http.StatusBadRequest || env.Success {
		t.Errorf("an action Guildhall does not offer: %d %+v", st, env)
	}
	if !strings.HasSuffix(env.Help, "/api/3/action/help_show?name=package_create") {
		t.Errorf("help %q", env.Help)
	}
	req, _ := http.NewRequest(http.MethodPost, e.URL+"/api/3/action/package_show", strings.NewReader(`{"id": "pothole-reports"`))
	req.Header.Set("Content-Type", "application/json")
	st, env = e.ckan(req)
	if st != http.StatusBadRequest || env.Error["message"] != "Bad request - JSON Error: the request body must be one JSON object" {
		t.Errorf("a broken JSON body: %d %+v", st, env.Error)
	}
	_, env = e.harvesterGet("status_show", nil)
	if mustField(t, env.Result, "ckan_version") == "" {
		t.Errorf("status_show %s", env.Result)
	}
}

func mustField(t *testing.T, raw json.RawMessage, k string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	s, _ := m[k].(string)
	return s
}
