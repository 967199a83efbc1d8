package platform_test

import (
	"bytes"
	"context"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/guildhall-platform/guildhall/internal/platform"
	"github.com/guildhall-platform/guildhall/internal/platform/platformtest"
	"github.com/guildhall-platform/guildhall/internal/store"
	"github.com/guildhall-platform/guildhall/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// TestDefinitionsPublishedOnOneNodeAreLiveOnAll: two platforms on one
// database are two nodes. Definitions published on one are loaded by the
// other at its next poll; a folder with problems is refused on the node
// it was given to and never reaches the other; the same folder published
// again makes no new version.
func TestDefinitionsPublishedOnOneNodeAreLiveOnAll(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := platformtest.New(t, platformtest.OnStore(s), platformtest.Fixtures("pothole"))
		b := platformtest.New(t, platformtest.OnStore(s), platformtest.Fixtures("pothole"))
		if a.DefinitionsVersion() != 1 || b.DefinitionsVersion() != 1 {
			t.Fatalf("versions at start %d and %d, want both 1: the second node started with the same folder", a.DefinitionsVersion(), b.DefinitionsVersion())
		}

		renamed := folder(t, "pothole", "name: Report a road defect")
		if err := a.PublishDefinitions(ctx, renamed); err != nil {
			t.Fatal(err)
		}
		if got := serviceName(t, a.Platform, "pothole"); got != "Report a road defect" {
			t.Fatalf("the publishing node serves %q", got)
		}
		if got := serviceName(t, b.Platform, "pothole"); got == "Report a road defect" {
			t.Fatal("the other node changed before it polled")
		}
		if loaded, err := b.SyncDefinitions(ctx); err != nil || !loaded {
			t.Fatalf("SyncDefinitions = %v, %v", loaded, err)
		}
		if got := serviceName(t, b.Platform, "pothole"); got != "Report a road defect" || b.DefinitionsVersion() != 2 {
			t.Fatalf("the other node serves %q at version %d after polling, want the published name at version 2", got, b.DefinitionsVersion())
		}

		broken := folder(t, "pothole", "name: ")
		if err := a.PublishDefinitions(ctx, broken); err == nil {
			t.Fatal("a folder with problems was published")
		}
		if err := a.PublishDefinitions(ctx, renamed); err != nil {
			t.Fatal(err)
		}
		if loaded, err := b.SyncDefinitions(ctx); err != nil || loaded {
			t.Fatalf("after a refused folder and a republished one, SyncDefinitions = %v, %v; want nothing new", loaded, err)
		}
		if v, _, err := s.LatestDefinitionsVersion(ctx); err != nil || v != 2 {
			t.Fatalf("latest version %d (%v), want 2", v, err)
		}
	})
}

// folder is the fixture's definition with its name line replaced.
func folder(t *testing.T, fixture, nameLine string) fs.FS {
	src := platformtest.Fixture(t, fixture)
	i := bytes.Index(src, []byte("\nname: "))
	j := bytes.IndexByte(src[i+1:], '\n') + i + 1
	out := append(append(append([]byte{}, src[:i+1]...), nameLine...), src[j:]...)
	return fstest.MapFS{"fixture-" + fixture + ".yaml": &fstest.MapFile{Data: out}}
}

func serviceName(t *testing.T, p *platform.Platform, id string) string {
	d, ok := p.Registry.Load().Get(id)
	if !ok {
		t.Fatalf("no service %s", id)
	}
	return d.Name
}
