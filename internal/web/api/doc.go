// Package api serves Guildhall's JSON API under /api/v1 and its OpenAPI 3.1
// document at /api/v1/openapi.json.
//
// Callers authenticate with an API token ("Authorization: Bearer gh_…")
// issued by an administrator; the token's principal is passed to
// cases.Service on every call, so the one access policy (access.Decide) decides
// what the token may see and do, and a case it may not see is 404, exactly
// like one that does not exist. Each token has its own rate limit. Errors are
// RFC 9457 problem documents; request bodies are JSON only, except attachment
// uploads.
package api
