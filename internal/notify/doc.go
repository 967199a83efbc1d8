// Package notify sends email and text messages to residents and staff.
//
// Nothing is sent inside a web request: cases and other domain packages put
// a message in the durable outbox in the same transaction as the change that
// caused it, and the jobs worker later calls a [Sender]. The worker decides
// from the error whether to try again: errors.Is(err, ErrPermanent) means the
// message can never be sent as it is (a 400 or 403 from Notify, a bad
// address, a 5xx SMTP reply) and must not be retried; any other error
// (429, 5xx, a timeout, a refused connection) is worth retrying with backoff,
// after at least [RetryAfter] when the server said how long.
//
// Three senders:
//   - [LogSender] (the default) writes each message to a *slog.Logger instead
//     of sending it. It logs recipient and subject, never the body, which may
//     be OFFICIAL-SENSITIVE.
//   - [NotifySender] uses the GOV.UK Notify REST API v2 (one template per
//     channel, or the message's own template).
//   - [SMTPSender] sends email through an SMTP relay, using STARTTLS when
//     the server offers it.
//
// [NewSender] chooses one from a [Config]; package notifytest has a local
// Notify API and a local SMTP server for tests.
package notify
