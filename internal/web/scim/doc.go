// Package scim is Guildhall's SCIM 2.0 service provider (RFC 7643, RFC 7644)
// at /scim/v2, for Microsoft Entra ID (and other identity providers) to
// provision staff: starters are created, movers change groups (which map to
// teams and roles), leavers are disabled or deleted and lose their sessions
// at once.
//
// It implements what Entra uses: Users and Groups with create, get, list with
// eq/and filters and paging, replace, PATCH in both of Entra's dialects, and
// delete; ServiceProviderConfig, ResourceTypes and Schemas. Every request needs
// the configured bearer token; every response is application/scim+json, and
// errors use the SCIM error shape.
package scim
