package cases

import (
	"context"
	"fmt"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// AttachmentField is the key of an attachment event's Fields that holds the file.
const AttachmentField = "file"

// Attach records a file already kept in blob storage (by content address) on
// a case's timeline, as an internal attachment event with its audit entry and
// a "case.attachment" webhook event. The caller checks the file's size and
// type by content first. Errors: fault.NotFound, fault.Forbidden,
// fault.Invalid (no file).
func (s *Service) Attach(ctx context.Context, p access.Principal, ref string, file service.FileRef) (Event, error) {
	if file.Key == "" || file.Size <= 0 || strings.TrimSpace(file.Name) == "" {
		return Event{}, fault.New(fault.Invalid, "attachment: the file is empty or has no name")
	}
	if msg := service.CheckUploadName(file.Name); msg != "" {
		return Event{}, fault.New(fault.Invalid, "attachment: %s", strings.ToLower(msg[:1])+msg[1:])
	}
	c, err := s.forAct(ctx, p, ref, 0)
	if err != nil {
		return Event{}, err
	}
	now := s.now().UTC()
	before := c.Version
	c.UpdatedAt, c.Version = now, c.Version+1
	actor := actorOf(p)
	ev := Event{At: now, Actor: actor, ActorName: p.Name, Kind: EventAttachment, Note: file.Name, Visibility: Internal,
		Fields: service.Answers{AttachmentField: {File: &file}}}
	ch := Change{Case: c, ExpectVersion: before, Events: []Event{ev},
		Audit: []audit.Entry{caseEntry(now, actor, "case.attach", c, map[string]any{
			"name": file.Name, "content_type": file.ContentType, "size": file.Size, "key": file.Key})},
		Outbox: []jobs.Message{webhook("case.attachment", c, "", now)}}
	if err := s.Store.ApplyChanges(ctx, ch); err != nil {
		return Event{}, fmt.Errorf("attach to %s: %w", c.Ref, err)
	}
	return ev, nil
}
