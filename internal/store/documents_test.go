package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

func TestDocumentsFollowAnswersAndAttachments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		photo := service.FileRef{Key: strings.Repeat("a", 64), Name: "pothole.jpg", ContentType: "image/jpeg", Size: 1234}
		rec := record("DOCS-2345", "")
		rec.Case.Answers["photo"] = service.Answer{File: &photo}
		c, _, err := s.SubmitCase(ctx, rec)
		if err != nil {
			t.Fatal(err)
		}
		letter := service.FileRef{Key: strings.Repeat("b", 64), Name: "reply.pdf", ContentType: "application/pdf", Size: 99}
		next := c
		next.Version = 2
		err = s.ApplyChanges(ctx, cases.Change{Case: next, ExpectVersion: 1, Events: []cases.Event{{
			At: time.Now(), Actor: "u-1", Kind: cases.EventAttachment, Visibility: cases.Internal,
			Fields: service.Answers{cases.AttachmentField: {File: &letter}}}}})
		if err != nil {
			t.Fatal(err)
		}
		docs, err := s.CaseDocuments(ctx, c.ID)
		if err != nil || len(docs) != 2 || docs[0] != photo || docs[1] != letter {
			t.Fatalf("CaseDocuments = %+v, %v", docs, err)
		}
		if used, err := s.BlobInUse(ctx, photo.Key); err != nil || !used {
			t.Errorf("BlobInUse(photo) = %v, %v", used, err)
		}
		if used, _ := s.BlobInUse(ctx, strings.Repeat("c", 64)); used {
			t.Error("BlobInUse of an unknown blob")
		}
	})
}
