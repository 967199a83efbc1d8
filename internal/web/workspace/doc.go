// Package workspace is the staff side of Guildhall: work queues, the case page,
// transitions, notes, assignment, attachments, the auditor's view of the audit
// log, councillors' "My enquiries" and the "Raise a request" list of staff and
// councillor services.
//
// Handlers are thin: they parse the request, call cases.Service (which asks the
// access policy, access.Decide, and audits views) and render a page. Nothing here
// decides who may see a case; every path that shows a case goes through a
// cases.Service call that applies the policy, and a refusal is rendered as 404
// exactly like a case that does not exist.
package workspace
