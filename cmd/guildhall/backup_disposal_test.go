package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// TestBackupAfterDisposalHoldsNothingOfIt: a graffiti report with a photo
// is disposed of under its rule; a backup taken afterwards (`guildhall
// backup`), and the data folder restored from it, hold nothing of it: not
// its row, its words, its applicant's email or its photo, in the archive's
// bytes or the restored platform, while the case kept beside it is there
// and the disposal's certificate still verifies against the restored
// audit log. SQLite only: the backup command copies a SQLite data folder.
func TestBackupAfterDisposalHoldsNothingOfIt(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	officer := access.Principal{Kind: access.KindStaff, UserID: "u-street", Name: "Sam Street", MFA: true, Teams: []string{"street-scene"},
		Grants: []access.Grant{{Role: "officer", Team: "street-scene"}}}
	manager := access.Principal{Kind: access.KindStaff, UserID: "u-rm", Name: "Rhys Records", MFA: true,
		Grants: []access.Grant{{Role: access.RoleRecordsManager, Team: "*"}}}
	p := platformIn(t, dir, platformtest.Fixtures("report-graffiti"), platformtest.Staff(officer, manager))

	report := func(name, email, details string) cases.Case {
		return p.Submit(access.Anonymous, "report-graffiti", service.Answers{
			"location": {Location: &service.Location{Description: "Bus shelter, Elm Grove"}}, "details": {Text: details},
			"full_name": {Text: name}, "email": {Text: email}}, cases.ChannelWeb)
	}
	gone := report("Quentin Quillon", "quentin.quillon@example.com", "Tag by the gate of 7 Quillon Row")
	photo := []byte("\x89PNG\r\n\x1a\nthe quillon row tag, photographed")
	key, err := p.Blobs.PutBytes(ctx, photo)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Cases.Attach(ctx, officer, gone.Ref, service.FileRef{Key: key, Name: "tag.png", ContentType: "image/png", Size: int64(len(photo))}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Cases.Transition(ctx, officer, gone.Ref, "remove", nil, 0); err != nil {
		t.Fatal(err)
	}
	kept := report("Bob Jones", "bob.jones@example.com", "Paint on the library wall") // open: never due

	p.Clock.Add(3 * 365 * 24 * time.Hour) // past graffiti's two years from closing
	if r, err := p.Records.RunRetention(ctx); err != nil || r.Listed != 1 {
		t.Fatalf("listing: %+v %v", r, err)
	}
	due, err := p.Records.DispositionList(ctx, manager, 0, 10)
	if err != nil || len(due) != 1 || due[0].Subject != gone.Ref {
		t.Fatalf("the disposition list: %+v %v", due, err)
	}
	if err := p.Records.Approve(ctx, manager, due[0].ID); err != nil {
		t.Fatal(err)
	}
	if r, err := p.Records.RunRetention(ctx); err != nil || r.Disposed != 1 || r.BlobsDeleted != 1 {
		t.Fatalf("disposal: %+v %v", r, err)
	}

	file := filepath.Join(t.TempDir(), "backup.tar.gz")
	if _, err := writeBackup(ctx, dir, "", file); err != nil {
		t.Fatal(err)
	}
	archive := archiveBytes(t, file)
	// The reference and the photo's SHA-256 (its key) stay, by design: the
	// certificate and the audit log name what was destroyed, never what it said.
	for _, trace := range [][]byte{[]byte("Quillon"), []byte("quentin.quillon@example.com"), []byte("Tag by the gate"), []byte("the quillon row tag"), []byte("quillon")} {
		if bytes.Contains(archive, trace) {
			t.Errorf("the backup taken after disposal holds %q", trace)
		}
	}
	if !bytes.Contains(archive, []byte(kept.Ref)) {
		t.Fatalf("the backup does not hold the kept case %s either: the byte check proves nothing", kept.Ref)
	}

	dst := filepath.Join(t.TempDir(), "restored")
	if err := runRestore(ctx, []string{"--from", file, "--data", dst}, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	restored, docs := dataFolder(t, dst)
	if _, err := restored.CaseByRef(ctx, gone.Ref); !errors.Is(err, fault.NotFound) {
		t.Errorf("the restored platform has the disposed case: %v", err)
	}
	if _, err := restored.CaseByRef(ctx, kept.Ref); err != nil {
		t.Errorf("the restored platform lost the kept case: %v", err)
	}
	if _, err := os.Stat(filepath.Join(docs.Dir, key[:2], key)); !os.IsNotExist(err) {
		t.Errorf("the restored documents folder has the disposed photo: %v", err)
	}
	certs, err := restored.Certificates(ctx, 10)
	if err != nil || len(certs) != 1 || certs[0].Subject != gone.Ref {
		t.Fatalf("restored certificates: %+v %v", certs, err)
	}
	certificateVerifies(t, restored, certs[0])
}

// archiveBytes is every file of a gzipped tar backup, one after another.
func archiveBytes(t *testing.T, file string) []byte {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	var all bytes.Buffer
	for {
		if _, err := tr.Next(); err == io.EOF {
			return all.Bytes()
		} else if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(&all, tr); err != nil {
			t.Fatal(err)
		}
	}
}
