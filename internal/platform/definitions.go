package platform

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"time"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// The service definitions in force are the newest version published in the
// database, so that nodes sharing one database serve the same services. A
// node publishes its folder when it starts (if the folder differs from the
// version in force) and on SIGHUP; every node polls for a newer version
// every DefinitionsPoll and loads it from the database. A folder with
// problems is refused before it is published, so a bad edit on one node
// never reaches the others. The last folder published wins: every node of
// a platform is meant to be given the same folder.

// DefaultDefinitionsPoll is how often a node looks for newer definitions.
const DefaultDefinitionsPoll = 2 * time.Second

// PublishDefinitions loads the definitions in fsys and, when they are free
// of problems, publishes them to every node and puts them in force here. On
// error the running definitions stay.
func (p *Platform) PublishDefinitions(ctx context.Context, fsys fs.FS) error {
	cat, err := service.LoadDir(fsys)
	if err != nil {
		return err
	}
	return p.publish(ctx, fsys, cat)
}

func (p *Platform) publish(ctx context.Context, fsys fs.FS, cat *service.Catalog) error {
	bundle, digest, err := bundleDefinitions(fsys)
	if err != nil {
		return err
	}
	by, _ := os.Hostname()
	by = fmt.Sprintf("%s/%d", by, os.Getpid())
	p.defsMu.Lock()
	defer p.defsMu.Unlock()
	version, published, err := p.Store.PublishDefinitions(ctx, digest, bundle, by)
	if errors.Is(err, fault.Conflict) { // another node published the same version number first
		version, published, err = p.Store.PublishDefinitions(ctx, digest, bundle, by)
	}
	if err != nil {
		return err
	}
	if published {
		p.Log.Info("service definitions published to every node", "version", version, "services", len(cat.All()))
	}
	p.install(cat, version)
	return nil
}

// SyncDefinitions puts in force the newest published definitions if they
// are newer than the running ones, reporting whether it did.
func (p *Platform) SyncDefinitions(ctx context.Context) (bool, error) {
	latest, _, err := p.Store.LatestDefinitionsVersion(ctx)
	if err != nil || latest <= p.defsVersion.Load() {
		return false, err
	}
	p.defsMu.Lock()
	defer p.defsMu.Unlock()
	if latest <= p.defsVersion.Load() { // published here meanwhile
		return false, nil
	}
	d, err := p.Store.Definitions(ctx, latest)
	if err != nil {
		return false, err
	}
	zr, err := zip.NewReader(bytes.NewReader(d.Bundle), int64(len(d.Bundle)))
	if err != nil {
		return false, fmt.Errorf("definitions version %d: %w", latest, err)
	}
	cat, err := service.LoadDir(zr)
	if err != nil {
		// Checked before it was published, so only a newer Guildhall's
		// definitions can fail here (a rolling upgrade): keep the running ones.
		return false, fmt.Errorf("definitions version %d (published by %s) not loaded: %w", latest, d.PublishedBy, err)
	}
	p.install(cat, latest)
	p.Log.Info("service definitions loaded from another node", "version", latest, "published_by", d.PublishedBy, "services", len(cat.All()))
	return true, nil
}

// FollowDefinitions keeps this node on the newest published definitions
// until ctx ends.
func (p *Platform) FollowDefinitions(ctx context.Context) {
	every := p.Config.DefinitionsPoll
	if every <= 0 {
		every = DefaultDefinitionsPoll
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if _, err := p.SyncDefinitions(ctx); err != nil && ctx.Err() == nil {
				p.Log.Error("service definitions: the running ones stay", "err", err)
			}
		}
	}
}

// install makes cat the running catalog, as version.
func (p *Platform) install(cat *service.Catalog, version int64) {
	old := p.defsVersion.Swap(version)
	p.Registry.Store(cat)
	if old != 0 && old != version && p.AI != nil {
		p.AIReloaded()
	}
}

// DefinitionsVersion is the published version of the running definitions.
func (p *Platform) DefinitionsVersion() int64 { return p.defsVersion.Load() }

// bundleDefinitions zips the definition files of fsys (the files LoadDir
// reads), in name order (fs.ReadDir sorts) with no times, and returns the zip and a digest
// over the names and contents, so the same folder always has one digest.
func bundleDefinitions(fsys fs.FS) ([]byte, string, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, "", fmt.Errorf("read service folder: %w", err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	h := sha256.New()
	for _, e := range entries {
		if ext := path.Ext(e.Name()); e.IsDir() || (ext != ".yaml" && ext != ".yml") {
			continue
		}
		src, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, "", err
		}
		fmt.Fprintf(h, "%d:%s%d:", len(e.Name()), e.Name(), len(src))
		h.Write(src)
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.Name(), Method: zip.Deflate})
		if err == nil {
			_, err = w.Write(src)
		}
		if err != nil {
			return nil, "", err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), hex.EncodeToString(h.Sum(nil)), nil
}
