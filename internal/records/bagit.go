package records

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/access"
	"github.com/guildhall-platform/guildhall/internal/audit"
)

// Export writes document id as a BagIt bag (RFC 8493) zipped under one
// top-level folder, for transfer to a record office: every version's file,
// the metadata and the document's audit trail as payload, with SHA-256
// manifests of payload and tag files. The export is audited. Errors:
// fault.NotFound (including a document p may not export).
func (s *Documents) Export(ctx context.Context, p access.Principal, id int64, w io.Writer) error {
	d, err := s.Store.Document(ctx, id)
	if err != nil {
		return err
	}
	if err := s.decide(ctx, p, access.ActionExport, d); err != nil {
		return err
	}
	trail, err := s.Store.AuditEntries(ctx, audit.Filter{Subject: "document:" + strconv.FormatInt(id, 10), Limit: 10000})
	if err != nil {
		return err
	}
	if err := s.Store.AppendAudit(ctx, s.entry(p, AuditExport, d, map[string]any{"format": "bagit"})); err != nil {
		return err
	}
	b := &bag{zip: zip.NewWriter(w), root: fmt.Sprintf("document-%d/", id), payload: map[string]string{}}
	for _, v := range d.Versions {
		if err := s.bagVersion(ctx, b, v); err != nil {
			return err
		}
	}
	meta, _ := json.MarshalIndent(bagMetadata(d), "", "  ")
	trailJSON, _ := json.MarshalIndent(trail, "", "  ")
	if err := b.addPayload("data/metadata.json", meta); err != nil {
		return err
	}
	if err := b.addPayload("data/audit-trail.json", trailJSON); err != nil {
		return err
	}
	return b.finish(d, s.now())
}

func (s *Documents) bagVersion(ctx context.Context, b *bag, v Version) error {
	rc, err := s.Blobs.Open(ctx, v.File.Key)
	if err != nil {
		return err
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return err
	}
	return b.addPayload(fmt.Sprintf("data/v%d/%s", v.Number, v.File.Name), data)
}

func bagMetadata(d Document) map[string]any {
	m := map[string]any{"id": d.ID, "title": d.Title, "description": d.Description, "author": d.Author, "date": d.Date,
		"file_plan_class": d.ClassID, "classification": d.Classification, "team": d.Team, "related_cases": d.RelatedCases,
		"created_by": d.CreatedBy, "created_at": d.CreatedAt, "declared_at": d.DeclaredAt, "declared_by": d.DeclaredBy}
	var versions []map[string]any
	for _, v := range d.Versions {
		versions = append(versions, map[string]any{"version": v.Number, "file": fmt.Sprintf("v%d/%s", v.Number, v.File.Name),
			"sha256": v.File.Key, "content_type": v.File.ContentType, "size": v.File.Size, "note": v.Note,
			"uploaded_by": v.UploadedBy, "uploaded_at": v.UploadedAt})
	}
	m["versions"] = versions
	return m
}

// bag writes a bag's files into a zip and keeps their hashes for the manifests.
type bag struct {
	zip     *zip.Writer
	root    string
	payload map[string]string // path → sha256
	tags    map[string]string
	bytes   int64
}

func (b *bag) add(name string, data []byte) (string, error) {
	f, err := b.zip.Create(b.root + name)
	if err != nil {
		return "", err
	}
	if _, err := f.Write(data); err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

func (b *bag) addPayload(name string, data []byte) error {
	h, err := b.add(name, data)
	b.payload[name], b.bytes = h, b.bytes+int64(len(data))
	return err
}

func (b *bag) addTag(name string, data []byte) error {
	h, err := b.add(name, data)
	b.tags[name] = h
	return err
}

// finish writes the tag files: the declaration, bag-info, the payload
// manifest, and the tag manifest over them.
func (b *bag) finish(d Document, now time.Time) error {
	b.tags = map[string]string{}
	info := fmt.Sprintf("Source-Organization: Guildhall\nBagging-Date: %s\nExternal-Identifier: document:%d\nExternal-Description: %s\nPayload-Oxum: %d.%d\nBag-Software-Agent: Guildhall\n",
		now.Format(time.DateOnly), d.ID, oneLine(d.Title), b.bytes, len(b.payload))
	for _, f := range []struct{ name, body string }{
		{"bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"},
		{"bag-info.txt", info},
		{"manifest-sha256.txt", manifest(b.payload)},
	} {
		if err := b.addTag(f.name, []byte(f.body)); err != nil {
			return err
		}
	}
	if _, err := b.add("tagmanifest-sha256.txt", []byte(manifest(b.tags))); err != nil {
		return err
	}
	return b.zip.Close()
}

// manifest lists "hash path" lines in path order; RFC 8493 asks that a
// path's CR, LF and % be percent-encoded.
func manifest(files map[string]string) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var sb strings.Builder
	enc := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	for _, n := range names {
		fmt.Fprintf(&sb, "%s  %s\n", files[n], enc.Replace(n))
	}
	return sb.String()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
