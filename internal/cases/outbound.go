package cases

import (
	"context"
	"errors"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
)

// AuditWithheld: an outbox message about a case was not sent because the
// access policy refused to send it (a restriction of processing).
const AuditWithheld = "case.message_withheld"

// Outbound wraps the handler of an outbox topic whose messages the case
// service keys by case reference (notifications, webhook events): before a
// message leaves, the access policy is asked whether the platform may send
// anything about the case now (access.ActionSend). A message it refuses,
// one about a person whose processing is restricted, is withheld for good:
// it is audited and marked done, never sent, and lifting the restriction
// does not send it later (it described a moment that has passed; a webhook
// receiver reads the case's present state through the API once the
// restriction is lifted, and later changes are sent as usual). A message
// keyed by anything else than a case passes through.
func (s *Service) Outbound(h jobs.Handler) jobs.Handler {
	return s.OutboundAbout(func(m jobs.Message) string { return m.Key }, h)
}

// OutboundAbout is Outbound for a topic whose messages name their case some
// other way than by key: a webhook delivery is keyed by its endpoint, and
// one fanned out before a restriction may still be waiting to be retried
// after it, so it is asked about again as it leaves.
func (s *Service) OutboundAbout(caseOf func(jobs.Message) string, h jobs.Handler) jobs.Handler {
	return func(ctx context.Context, m jobs.Message) error {
		c, err := s.Store.CaseByRef(ctx, caseOf(m))
		if errors.Is(err, fault.NotFound) {
			return h(ctx, m)
		}
		if err != nil {
			return err
		}
		if d := s.ask(access.System, access.ActionSend, c); !d.Allow {
			s.logger().Info("outbox message withheld", "topic", m.Topic, "message", m.ID, "case", c.Ref, "reason", d.Reason)
			return s.Store.AppendAudit(ctx, caseEntry(s.now(), access.System.UserID, AuditWithheld, c,
				map[string]any{"topic": m.Topic, "message": m.ID, "reason": d.Reason}))
		}
		return h(ctx, m)
	}
}
