// Package webhooks tells other systems what happened to cases: an administrator
// registers endpoints (a URL, a secret shown once, the event types and services
// it wants), and every case event is delivered to each matching endpoint as a
// signed JSON POST.
//
// Nothing is sent inside a request. The cases service writes one outbox message
// on the topic "webhook" in the same transaction as each case event; the jobs
// worker hands it to Fanout, which writes one outbox message per matching
// endpoint on the topic "webhook.delivery"; the worker hands each of those to
// Deliver, which makes one signed HTTP call. Each endpoint's delivery therefore
// retries with its own back-off and reaches its own dead letter, and a receiver
// that is down for an hour loses nothing.
//
// The package imports no database/sql; it declares the Store and Outbox it
// needs and internal/store implements them.
package webhooks
