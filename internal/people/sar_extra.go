package people

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/jobs"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// BlobReader opens stored document bytes by content address; the blob
// store implements it.
type BlobReader interface {
	Open(ctx context.Context, key string) (io.ReadCloser, error)
}

// ExportFile is a document of a case, its bytes in the ZIP at Path.
type ExportFile struct {
	Name        string `json:"name"`
	Path        string `json:"path,omitempty"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	// Missing says the bytes could not be read from storage.
	Missing bool `json:"missing,omitempty"`
}

// ExportMessage is an email or SMS sent (or queued) to the person about a case.
type ExportMessage struct {
	At      time.Time `json:"at"`
	Channel string    `json:"channel"`
	To      string    `json:"to"`
	Subject string    `json:"subject,omitempty"`
	Body    string    `json:"body"`
}

// caseFiles lists the case's documents (file answers, then attachments) and
// reads their bytes into files, keyed by path in the ZIP. A document whose
// bytes cannot be read is listed as missing (and logged), not dropped.
func (s *Service) caseFiles(ctx context.Context, c cases.Case, events []cases.Event, files map[string][]byte) []ExportFile {
	var refs []service.FileRef
	for _, id := range answerOrder(nil, c.Answers) {
		if f := c.Answers[id].File; f != nil {
			refs = append(refs, *f)
		}
	}
	for _, e := range events {
		if f := e.Fields[cases.AttachmentField].File; e.Kind == cases.EventAttachment && f != nil {
			refs = append(refs, *f)
		}
	}
	var out []ExportFile
	for i, f := range refs {
		ef := ExportFile{Name: f.Name, ContentType: f.ContentType, Size: f.Size,
			Path: fmt.Sprintf("files/%s/%d-%s", c.Ref, i+1, safePathName(f.Name))}
		b, err := s.readBlob(ctx, f.Key)
		if err != nil {
			s.logger().WarnContext(ctx, "subject access export: document unreadable", "case", c.Ref, "key", f.Key, "err", err)
			ef.Missing, ef.Path = true, ""
		} else {
			files[ef.Path] = b
		}
		out = append(out, ef)
	}
	return out
}

func (s *Service) readBlob(ctx context.Context, key string) ([]byte, error) {
	if s.Blobs == nil {
		return nil, fmt.Errorf("no document storage configured")
	}
	rc, err := s.Blobs.Open(ctx, key)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

var unsafePath = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// safePathName keeps a file name usable as a ZIP entry on every system.
func safePathName(name string) string {
	n := strings.Trim(unsafePath.ReplaceAllString(name, "-"), "-.")
	if n == "" {
		return "document"
	}
	return n
}

// notifyPayload is the part of a queued notification (notify.Message) an export shows.
type notifyPayload struct {
	Channel string `json:"channel"`
	To      string `json:"to"`
	Subject string `json:"subject"`
	Body    string `json:"body"`
}

// caseMessages are the notifications queued about the case to one of the
// person's own addresses or numbers (not those to officers or councillors).
func (s *Service) caseMessages(ctx context.Context, ref string, contacts map[string]bool) ([]ExportMessage, error) {
	msgs, err := s.Store.OutboxByKey(ctx, jobs.TopicNotify, ref)
	if err != nil {
		return nil, err
	}
	var out []ExportMessage
	for _, m := range msgs {
		var p notifyPayload
		if json.Unmarshal(m.Payload, &p) != nil || !contacts[contactKey(p.To)] {
			continue
		}
		out = append(out, ExportMessage{At: m.CreatedAt, Channel: p.Channel, To: p.To, Subject: p.Subject, Body: p.Body})
	}
	return out, nil
}

// contactKey compares addresses and numbers written differently: case and
// spaces ignored, a UK +44 number as 0….
func contactKey(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), ""))
	if strings.HasPrefix(s, "+44") {
		s = "0" + s[3:]
	}
	return s
}

// contactsOf are the person's own email addresses and phone numbers.
func contactsOf(recs []Record) map[string]bool {
	out := map[string]bool{}
	for _, r := range recs {
		for _, c := range []string{r.Email, r.Phone} {
			if c != "" {
				out[contactKey(c)] = true
			}
		}
	}
	return out
}
