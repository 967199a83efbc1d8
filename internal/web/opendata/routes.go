package opendata

import (
	"embed"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/opendata"
	"github.com/guildhall-platform/guildhall/internal/search"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/web"
)

//go:embed templates
var templateFS embed.FS

// area is the public open data pages: in the resident's language, as the
// front door is. The data itself (names of data sets and columns, the
// files) is published in English and marked so on a Welsh page.
var area = web.Area{
	ServiceName: "Open data",
	ServiceURL:  "/open-data",
	Nav: []web.NavItem{
		{Text: "Data sets", Href: "/open-data"},
		{Text: "Statistics", Href: "/statistics"},
		{Text: "Performance", Href: PathPerformance},
		{Text: "Disclosure log", Href: "/disclosure-log"},
		{Text: "Search", Href: PathSearch},
	},
	Bilingual: true, LangSwitch: true,
}

// adminArea is the administrators' upload of transparency data: English,
// the council's working language, as the other staff pages are.
var adminArea = web.Area{ServiceName: "Open data", ServiceURL: "/open-data", Nav: area.Nav}

// Deps is what the open data pages need, wired by cmd/guildhall.
type Deps struct {
	Data *opendata.Service
	// Services is searched with the datasets, so one box finds both.
	Services *service.Registry
	// Search is the residents' one search box (services, data, answers and
	// reports near a postcode); nil searches Services and Data only.
	Search *search.Service
	// Limiter limits how often one client may ask for a whole dataset (a
	// file, or a datastore_search, which reads every row); nil means two a
	// second with bursts of ten. Pages and the catalogue are not limited.
	Limiter *web.Limiter
	Logger  *slog.Logger
}

type handler struct {
	Deps
	render, admin *web.Renderer
}

// Register mounts the pages and files on the browser mux and CKAN's Action
// API on the API mux. It fails without Deps.Data or with a broken template.
func Register(srv *web.Server, deps Deps) error {
	if deps.Data == nil {
		return errors.New("web/opendata: Deps.Data is required")
	}
	if deps.Logger == nil {
		deps.Logger = slog.Default()
	}
	if deps.Search == nil {
		deps.Search = &search.Service{Services: deps.Services, Data: deps.Data}
	}
	if deps.Limiter == nil {
		deps.Limiter = web.NewLimiter(2, 10, 0)
	}
	rd, err := srv.NewRenderer(area, templateFS, "templates/pages/*.html")
	if err != nil {
		return err
	}
	admin, err := srv.NewRenderer(adminArea, templateFS, "templates/admin/*.html")
	if err != nil {
		return err
	}
	h := &handler{Deps: deps, render: rd, admin: admin}
	b := srv.Browser()
	web.Handle(b, "GET /open-data", h.catalogue)
	web.Handle(b, "GET "+PathSearch, h.search)
	if deps.Data.Transparency != nil {
		admin := func(pattern string, f web.HandlerFunc) { b.Handle(pattern, web.RequireAdmin(f)) }
		admin("GET "+PathTransparency, h.transparencyList)
		admin("GET "+PathTransparency+"/{id}", h.transparencyForm)
		admin("POST "+PathTransparency+"/{id}", h.transparencyUpload)
		admin("GET "+PathTransparency+"/{id}/template.csv", h.transparencyTemplate)
	}
	web.Handle(b, "GET /open-data/{file}", h.openDataFile)
	web.Handle(b, "GET /open-data/{id}/{file}", h.snapshot)
	web.Handle(b, "GET /statistics", h.statisticsList)
	web.Handle(b, "GET /statistics/{file}", h.statistics)
	web.Handle(b, "GET "+PathPerformance, h.performance)
	web.Handle(b, "GET "+PathPerformance+"/{file}", h.performanceCSV)
	web.Handle(b, "GET /disclosure-log", h.disclosureLog)
	web.Handle(b, "GET /disclosure-log/{ref}", h.disclosureEntry)
	api := srv.API()
	// ckanapi calls /api/action/…; the harvester and most clients /api/3/action/….
	for _, prefix := range []string{"/api/3/action/", "/api/action/"} {
		api.HandleFunc("GET "+prefix+"{action}", h.ckanAction)
		api.HandleFunc("POST "+prefix+"{action}", h.ckanAction)
	}
	return nil
}

// splitExt splits "pothole-reports.csv" into "pothole-reports" and "csv".
// The CSVW metadata file keeps its whole suffix: "csv-metadata.json".
func splitExt(file string) (name, ext string) {
	for _, long := range []string{".csv-metadata.json", ".schema.json"} {
		if n, ok := strings.CutSuffix(file, long); ok {
			return n, long[1:]
		}
	}
	if i := strings.LastIndexByte(file, '.'); i > 0 {
		return file[:i], file[i+1:]
	}
	return file, ""
}

func (h *handler) log() *slog.Logger { return h.Logger }

var _ http.Handler = web.HandlerFunc(nil)
