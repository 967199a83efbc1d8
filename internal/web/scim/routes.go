package scim

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/auth"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/web"
)

// Prefix is where the SCIM service is mounted on the API mux.
const Prefix = "/scim/v2"

// Deps is what the SCIM service needs, wired by cmd/guildhall.
type Deps struct {
	Auth *auth.Service
	// Token is the bearer token the identity provider sends (--scim-token).
	// Register does nothing when it is empty: SCIM is off.
	Token string
	// BaseURL is the site's public URL, for meta.location.
	BaseURL string
	Logger  *slog.Logger
}

type handler struct {
	prov  *auth.Provisioning
	token [32]byte
	base  string
	log   *slog.Logger
}

// Register mounts /scim/v2 on srv's API mux when a token is configured.
func Register(srv *web.Server, deps Deps) {
	if deps.Token == "" {
		return
	}
	h := &handler{prov: deps.Auth.Provisioning(), token: sha256.Sum256([]byte(deps.Token)),
		base: strings.TrimSuffix(deps.BaseURL, "/") + Prefix, log: deps.Logger}
	if h.log == nil {
		h.log = slog.Default()
	}
	mux := srv.API()
	route := func(pattern string, f func(http.ResponseWriter, *http.Request) error) {
		method, path, _ := strings.Cut(pattern, " ")
		mux.Handle(method+" "+Prefix+path, h.authorised(f))
	}
	route("GET /ServiceProviderConfig", h.serviceProviderConfig)
	route("GET /ResourceTypes", h.resourceTypes)
	route("GET /ResourceTypes/{id}", h.resourceType)
	route("GET /Schemas", h.schemas)
	route("GET /Schemas/{id}", h.schema)
	route("POST /Users", h.userCreate)
	route("GET /Users", h.userList)
	route("GET /Users/{id}", h.userGet)
	route("PUT /Users/{id}", h.userReplace)
	route("PATCH /Users/{id}", h.userPatch)
	route("DELETE /Users/{id}", h.userDelete)
	route("POST /Groups", h.groupCreate)
	route("GET /Groups", h.groupList)
	route("GET /Groups/{id}", h.groupGet)
	route("PUT /Groups/{id}", h.groupReplace)
	route("PATCH /Groups/{id}", h.groupPatch)
	route("DELETE /Groups/{id}", h.groupDelete)
}

// authorised checks the bearer token in constant time (comparing digests,
// so the length of the token leaks nothing either) and turns errors into
// SCIM error responses.
func (h *handler) authorised(f func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		got := sha256.Sum256([]byte(strings.TrimSpace(bearer)))
		if !ok || subtle.ConstantTimeCompare(got[:], h.token[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="scim"`)
			writeError(w, http.StatusUnauthorized, "", "a valid bearer token is required")
			return
		}
		if err := f(w, r); err != nil {
			h.fail(w, r, err)
		}
	})
}

// fail writes err in the SCIM error shape (RFC 7644 §3.12).
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	var bad *badRequest
	switch {
	case errors.As(err, &bad):
		writeError(w, http.StatusBadRequest, bad.scimType, bad.detail)
	case errors.Is(err, fault.NotFound):
		writeError(w, http.StatusNotFound, "", "resource not found")
	case errors.Is(err, fault.Conflict):
		writeError(w, http.StatusConflict, "uniqueness", "a resource with that userName, externalId or displayName already exists")
	case errors.Is(err, fault.Invalid):
		writeError(w, http.StatusBadRequest, "invalidValue", fault.Public(err))
	default:
		h.log.ErrorContext(r.Context(), "scim request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		writeError(w, http.StatusInternalServerError, "", "internal error")
	}
}

// badRequest is a 400 with a specific scimType (invalidFilter, invalidSyntax).
type badRequest struct{ scimType, detail string }

func (e *badRequest) Error() string { return e.scimType + ": " + e.detail }

func writeError(w http.ResponseWriter, status int, scimType, detail string) {
	body := object{"schemas": []any{schemaError}, "status": strconv.Itoa(status), "detail": detail}
	if scimType != "" {
		body["scimType"] = scimType
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/scim+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// readObject decodes a request body (at most 1 MiB) as a JSON object.
func readObject(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	if err := dec.Decode(v); err != nil {
		return &badRequest{"invalidSyntax", "the body is not a single JSON object of at most 1 MiB"}
	}
	return nil
}

// listResponse writes a ListResponse: always 200, even with no results.
func listResponse(w http.ResponseWriter, all []object, start, count int) {
	total := len(all)
	from := min(max(start-1, 0), total)
	to := min(from+count, total)
	page := all[from:to]
	if page == nil {
		page = []object{}
	}
	writeJSON(w, http.StatusOK, object{"schemas": []any{schemaList}, "totalResults": total,
		"startIndex": start, "itemsPerPage": len(page), "Resources": page})
}

// paging reads startIndex (1-based, default 1) and count (default 100, at most 1000).
func paging(r *http.Request) (start, count int) {
	start, count = 1, 100
	if v, err := strconv.Atoi(r.URL.Query().Get("startIndex")); err == nil && v > 1 {
		start = v
	}
	if v, err := strconv.Atoi(r.URL.Query().Get("count")); err == nil && v >= 0 {
		count = min(v, 1000)
	}
	return start, count
}

// filterOf parses the filter query parameter (nil when absent).
func filterOf(r *http.Request) (Filter, error) {
	s := r.URL.Query().Get("filter")
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	f, err := ParseFilter(s)
	if err != nil {
		return nil, &badRequest{"invalidFilter", fault.Public(err)}
	}
	return f, nil
}
