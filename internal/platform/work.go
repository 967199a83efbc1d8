package platform

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"time"

	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/notify"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/webhooks"
)

// wireWork builds the outbox worker: notifications, webhooks, the people
// jobs and the periodic tasks.
func (p *Platform) wireWork() error {
	extra, err := auditSyslog(p.Config.AuditSyslog)
	if err != nil {
		return err
	}
	p.Checkpoints = &audit.Checkpointer{Store: p.Store, Key: p.Store.AuditKey(), Path: p.Config.CheckpointPath(), Extra: extra}
	sender, err := p.sender()
	if err != nil {
		return err
	}
	// Deliveries are signed with the platform's clock, as the outbox that
	// carries them runs on it.
	p.Webhooks = &webhooks.Deliverer{Store: p.Store, Outbox: p.Store, APIBase: p.Config.BaseURL, Now: p.Config.Now, Logger: p.Log}
	// Notifications and webhook events about a case go out only while the
	// access policy lets the platform send them (cases.Service.Outbound):
	// asked at fan-out, and again by each delivery, which may be retried
	// for hours after a restriction began.
	hooks := p.Webhooks.Handlers()
	hooks[jobs.TopicWebhook] = p.Cases.Outbound(hooks[jobs.TopicWebhook])
	hooks[webhooks.TopicDelivery] = p.Cases.OutboundAbout(webhooks.DeliveryCase, hooks[webhooks.TopicDelivery])
	p.Worker = &jobs.Worker{
		Store:     p.Store,
		Handlers:  handlers(map[string]jobs.Handler{jobs.TopicNotify: p.Cases.Outbound(notifyHandler(sender))}, hooks, p.People.Handlers()),
		Tasks:     append(p.tasks(), p.People.Tasks(p.Config.PeopleLinkEvery)...),
		Permanent: []error{notify.ErrPermanent},
		// Back-off from 30 s doubling to an hour over twelve attempts spans
		// 2.5 to 5 hours, so a webhook receiver down for an hour loses nothing
		// (from the 1 s default, twelve attempts span only 17 to 34 minutes).
		MinBackoff: 30 * time.Second,
		Lease:      p.Config.OutboxLease,
		// The outbox runs on the clock the cases write their messages with:
		// a message made "now" on a moved clock is sent now, not when the
		// real time catches up.
		Now:    p.Config.Now,
		Logger: p.Log,
	}
	return nil
}

func (p *Platform) sender() (notify.Sender, error) {
	c := p.Config
	return notify.NewSender(notify.Config{
		NotifyAPIKey: c.NotifyAPIKey, NotifyBaseURL: c.NotifyBaseURL,
		NotifyEmailTemplate: c.NotifyEmailTemplate, NotifySMSTemplate: c.NotifySMSTemplate,
		NotifyCheckReference: true,
		SMTPAddr:             c.SMTPAddr, SMTPFrom: c.SMTPFrom, SMTPUsername: c.SMTPUser, SMTPPassword: c.SMTPPassword,
	}, p.Log)
}

// tasks are the worker's periodic jobs.
func (p *Platform) tasks() []jobs.Task {
	return []jobs.Task{
		{Name: "overdue", Every: time.Minute, Run: func(ctx context.Context) error { _, err := p.Cases.CheckOverdue(ctx); return err }},
		{Name: "retention", Every: time.Hour, Run: p.Records.Task},
		{Name: "prune-sessions", Every: time.Hour, Run: p.Auth.PruneSessions},
		{Name: "prune-resident-links", Every: time.Hour, Run: p.pruneResidentLinks},
		{Name: "audit-checkpoint", Every: p.Config.AuditCheckpointEvery, Run: p.Checkpoints.Task},
		{Name: "payment-refunds", Every: time.Minute, Run: p.Cases.SettleRefunds},
		{Name: "payment-reconcile", Every: time.Hour, Run: p.Cases.ReconcileTask},
		// The dashboards' counts are recounted from the cases once a day:
		// a count edited in the database is reported within a day.
		{Name: "statistics-check", Every: 24 * time.Hour, Run: p.Statistics.CheckTask(p.Log)},
	}
}

// notifyHandler sends an outbox notification through sender.
func notifyHandler(sender notify.Sender) jobs.Handler {
	return func(ctx context.Context, m jobs.Message) error {
		var msg notify.Message
		if err := json.Unmarshal(m.Payload, &msg); err != nil {
			return fmt.Errorf("notification %s is not readable: %w: %w", m.ID, err, jobs.ErrPermanent)
		}
		if msg.ID == "" {
			msg.ID = m.ID
		}
		return sender.Send(ctx, msg)
	}
}

// handlers merges the outbox handlers of each part of the platform.
func handlers(sets ...map[string]jobs.Handler) map[string]jobs.Handler {
	all := map[string]jobs.Handler{}
	for _, set := range sets {
		maps.Copy(all, set)
	}
	return all
}

// gauges are the /metrics values that come from outside the web layer.
func (p *Platform) gauges() map[string]func() float64 {
	g := map[string]func() float64{
		"guildhall_outbox_pending":      p.outboxDepth(false),
		"guildhall_outbox_dead_letters": p.outboxDepth(true),
		// -1 until the daily check has run; more than 0 means a dashboard
		// count was changed other than by its cases.
		"guildhall_statistics_differences": p.Statistics.Differences,
	}
	for _, ps := range p.Store.Pools() {
		p.poolGauges(g, ps.Pool)
	}
	maps.Copy(g, p.People.LinkGauges())
	g["guildhall_db_write_retries_total"] = func() float64 { return float64(p.Store.WriteCounts().Retries) }
	g["guildhall_db_batch_splits_total"] = func() float64 { return float64(p.Store.WriteCounts().BatchSplits) }
	return g
}

func (p *Platform) outboxDepth(dead bool) func() float64 {
	return func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		pending, d, err := p.Store.OutboxDepth(ctx)
		if err != nil {
			return -1
		}
		if dead {
			return float64(d)
		}
		return float64(pending)
	}
}

// poolGauges adds the gauges of one connection pool, read afresh each time.
func (p *Platform) poolGauges(g map[string]func() float64, pool string) {
	stat := func(f func(store.PoolStats) float64) func() float64 {
		return func() float64 {
			for _, q := range p.Store.Pools() {
				if q.Pool == pool {
					return f(q)
				}
			}
			return 0
		}
	}
	g["guildhall_db_"+pool+"_open_connections"] = stat(func(q store.PoolStats) float64 { return float64(q.Open) })
	g["guildhall_db_"+pool+"_in_use_connections"] = stat(func(q store.PoolStats) float64 { return float64(q.InUse) })
	g["guildhall_db_"+pool+"_wait_count"] = stat(func(q store.PoolStats) float64 { return float64(q.WaitCount) })
	g["guildhall_db_"+pool+"_wait_seconds"] = stat(func(q store.PoolStats) float64 { return q.WaitSecs })
}
