// Package integrations holds the administrator pages for outbound
// integrations: webhook endpoints (register, with the secret shown once;
// pause, resume, delete) and the outbox's dead-letter list, from which an
// administrator replays a message once its receiver is fixed.
package integrations
