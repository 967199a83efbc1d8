// Package powerfs is a FUSE file system for power-loss tests. It passes
// every operation through to a backing folder, as the page cache would, and
// remembers what a real disk would still hold if the power failed now: for
// each file, its content at its last fsync (or fdatasync); for each folder,
// the names it held at its last fsync. Cut kills nothing itself: once the
// processes using the mount are dead, it unmounts, puts every file back to
// its last-synced content, removes names whose folder was never synced since
// they appeared, brings back names removed or renamed away since the last
// sync, and mounts again. What survives is exactly what a program that
// relies on fsync was promised.
//
// The model is stricter than ext4 and as strict as POSIX: a new file's name
// is durable only once its folder is fsynced (SQLite and PostgreSQL both do
// that), and an unsynced write is lost whole. Two simplifications: folders
// themselves (mkdir, rmdir) are durable at once, and writes are never torn
// (a write is either kept whole by a later fsync or lost whole).
//
// Mounting needs /dev/fuse and root (mount(2) is called directly, so no
// fusermount is needed).
package powerfs

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	gofs "github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// FS is one mounted power-loss file system.
type FS struct {
	// Mountpoint is where programs see the files; Backing holds them.
	Mountpoint, Backing string
	shadows             string

	mu      sync.Mutex
	server  *fuse.Server
	byIno   map[uint64]*fileState // the live file each backing inode is now
	durable map[string]*fileState // relative path → the file a disk would show there
	seq     int
	stats   Stats
}

// Stats counts what the file system saw since it was created.
type Stats struct {
	FileSyncs, DirSyncs, Cuts int
	// Lost counts, over all cuts, files put back to older content, names
	// removed and names brought back.
	Reverted, Dropped, Restored int
}

// fileState is one file (one inode's life): what a disk holds of it and
// which byte ranges were written since.
type fileState struct {
	mu       sync.Mutex
	shadow   string   // its content as of the last fsync
	dirty    []extent // ranges written since then
	mode     os.FileMode
	uid, gid int
}

type extent struct{ off, end int64 }

const forever = int64(1) << 62

// Available says why powerfs cannot mount here, or nil.
func Available() error {
	if _, err := os.Stat("/dev/fuse"); err != nil {
		return fmt.Errorf("no /dev/fuse: %w", err)
	}
	if os.Geteuid() != 0 {
		return fmt.Errorf("mounting without fusermount needs root")
	}
	return nil
}

// Mount mounts a power-loss file system over backing at mountpoint. The
// files already in backing count as synced.
func Mount(backing, mountpoint string) (*FS, error) {
	p := &FS{Mountpoint: mountpoint, Backing: backing}
	var err error
	if p.shadows, err = os.MkdirTemp("", "powerfs-shadow-"); err != nil {
		return nil, err
	}
	if err := p.snapshot(); err != nil {
		return nil, err
	}
	return p, p.mount()
}

// snapshot takes the backing folder as it is now as what the disk holds.
func (p *FS) snapshot() error {
	p.byIno, p.durable = map[uint64]*fileState{}, map[string]*fileState{}
	return filepath.WalkDir(p.Backing, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		st, err := p.newState()
		if err != nil {
			return err
		}
		if err := copyFile(path, st.shadow); err != nil {
			return err
		}
		st.owner(path)
		rel, _ := filepath.Rel(p.Backing, path)
		p.durable[rel] = st
		p.byIno[inode(path)] = st
		return nil
	})
}

func (p *FS) mount() error {
	var st syscall.Stat_t
	if err := syscall.Stat(p.Backing, &st); err != nil {
		return err
	}
	root := &gofs.LoopbackRoot{Path: p.Backing, Dev: uint64(st.Dev)}
	root.NewNode = func(r *gofs.LoopbackRoot, _ *gofs.Inode, _ string, _ *syscall.Stat_t) gofs.InodeEmbedder {
		return &node{LoopbackNode: gofs.LoopbackNode{RootData: r}, p: p}
	}
	root.RootNode = root.NewNode(root, nil, "", &st)
	zero := time.Duration(0)
	srv, err := gofs.Mount(p.Mountpoint, root.RootNode, &gofs.Options{
		// No kernel caching of names or attributes: after a cut the files
		// change underneath, and the kernel must ask again.
		EntryTimeout: &zero, AttrTimeout: &zero, NegativeTimeout: &zero,
		MountOptions: fuse.MountOptions{
			DirectMountStrict: true, AllowOther: true, FsName: "powerfs", Name: "powerfs",
			MaxBackground: 64,
		},
	})
	if err != nil {
		return fmt.Errorf("powerfs: mount %s: %w", p.Mountpoint, err)
	}
	p.mu.Lock()
	p.server = srv
	p.mu.Unlock()
	return nil
}

// Stats returns the counts so far.
func (p *FS) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stats
}

// Unmount unmounts, retrying while a dying process still holds a file.
func (p *FS) Unmount() error {
	p.mu.Lock()
	srv := p.server
	p.server = nil
	p.mu.Unlock()
	if srv == nil {
		return nil
	}
	var err error
	for range 200 {
		if err = srv.Unmount(); err == nil {
			srv.Wait()
			return nil
		}
		time.Sleep(25 * time.Millisecond)
	}
	return fmt.Errorf("powerfs: unmount %s: %w", p.Mountpoint, err)
}

// Close unmounts and removes the shadow copies (the backing folder stays).
func (p *FS) Close() error {
	err := p.Unmount()
	os.RemoveAll(p.shadows)
	return err
}

// Cut is the power failing: every process using the mount must already be
// dead (SIGKILL and reaped). It unmounts, reverts the backing folder to what
// was synced, and mounts again.
func (p *FS) Cut() error {
	if err := p.Unmount(); err != nil {
		return err
	}
	p.mu.Lock()
	err := p.revert()
	if err == nil {
		err = p.rebase()
	}
	p.stats.Cuts++
	p.mu.Unlock()
	if err != nil {
		return err
	}
	return p.mount()
}

// revert makes the backing folder what the disk held at the cut.
func (p *FS) revert() error {
	live := map[string]bool{}
	if tracing {
		for rel, st := range p.durable {
			trace("durable %s → %s dirty=%v", rel, st.shadow, st.dirty)
		}
	}
	err := filepath.WalkDir(p.Backing, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(p.Backing, path)
		want, ok := p.durable[rel]
		trace("revert %s ino %d live state %p durable %p (%v)", rel, inode(path), p.byIno[inode(path)], want, ok)
		if !ok || !d.Type().IsRegular() || p.byIno[inode(path)] != want {
			p.stats.Dropped++
			return os.Remove(path) // a name no synced folder holds (or now another file's)
		}
		live[rel] = true
		if want.changed() {
			p.stats.Reverted++
			return copyFile(want.shadow, path)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("powerfs: revert: %w", err)
	}
	for rel, st := range p.durable {
		if live[rel] {
			continue
		}
		p.stats.Restored++ // removed or renamed away, but the folder never synced that
		path := filepath.Join(p.Backing, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := copyFile(st.shadow, path); err != nil {
			return fmt.Errorf("powerfs: restore %s: %w", rel, err)
		}
		if err := os.Chmod(path, st.mode); err != nil {
			return err
		}
		if err := os.Lchown(path, st.uid, st.gid); err != nil {
			return err
		}
	}
	return nil
}

// owner records path's mode and owner, for bringing it back.
func (s *fileState) owner(path string) {
	var st syscall.Stat_t
	if syscall.Stat(path, &st) == nil {
		s.mode, s.uid, s.gid = os.FileMode(st.Mode&0o7777), int(st.Uid), int(st.Gid)
	}
}

// rebase starts afresh after a revert without copying anything: the backing
// folder now holds exactly the durable files, each equal to its shadow.
func (p *FS) rebase() error {
	byIno := map[uint64]*fileState{}
	used := map[string]bool{}
	for rel, st := range p.durable {
		if used[st.shadow] { // one file under two durable names is two files now
			cp, err := p.newState()
			if err != nil {
				return err
			}
			if err := copyFile(st.shadow, cp.shadow); err != nil {
				return err
			}
			cp.mode, cp.uid, cp.gid = st.mode, st.uid, st.gid
			st = cp
			p.durable[rel] = cp
		}
		used[st.shadow] = true
		st.dirty = nil
		byIno[inode(filepath.Join(p.Backing, rel))] = st
	}
	p.byIno = byIno
	entries, err := os.ReadDir(p.shadows)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if name := filepath.Join(p.shadows, e.Name()); !used[name] {
			os.Remove(name)
		}
	}
	return nil
}

func (p *FS) newState() (*fileState, error) {
	p.seq++
	name := filepath.Join(p.shadows, fmt.Sprint(p.seq))
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	return &fileState{shadow: name}, f.Close()
}

// stateOf is the live file behind an open descriptor.
func (p *FS) stateOf(fd int) (*fileState, error) {
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.byIno[st.Ino]
	if s == nil { // a file created beside the mount, never through it: unsynced
		var err error
		if s, err = p.newState(); err != nil {
			return nil, err
		}
		s.dirty = []extent{{0, forever}}
		p.byIno[st.Ino] = s
		trace("stateOf: unknown ino %d → new state %p", st.Ino, s)
	}
	return s, nil
}

// created registers a new file: nothing of it is on the disk yet.
func (p *FS) created(fd int) (*fileState, error) {
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	s, err := p.newState()
	if err != nil {
		return nil, err
	}
	s.dirty = []extent{{0, forever}}
	trace("created ino %d state %p %s", st.Ino, s, s.shadow)
	s.owner(fmt.Sprintf("/proc/self/fd/%d", fd))
	p.byIno[st.Ino] = s
	return s, nil
}

// syncDir makes the names now in folder rel (relative) durable.
func (p *FS) syncDir(rel string) error {
	entries, err := os.ReadDir(filepath.Join(p.Backing, rel))
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stats.DirSyncs++
	for name := range p.durable {
		if filepath.Dir(name) == cleanRel(rel) {
			delete(p.durable, name)
		}
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		name := filepath.Join(cleanRel(rel), e.Name())
		st := p.byIno[inode(filepath.Join(p.Backing, name))]
		if st == nil {
			continue
		}
		p.durable[name] = st
		trace("syncDir %s: %s → %p", rel, name, st)
	}
	return nil
}

// tracing (POWERFS_TRACE=1) writes every create, sync, folder sync and
// revert decision to standard error, for finding out why a file came back
// as it did.
var tracing = os.Getenv("POWERFS_TRACE") != ""

func trace(format string, args ...any) {
	if tracing {
		fmt.Fprintf(os.Stderr, "POWERFS "+format+"\n", args...)
	}
}

func cleanRel(rel string) string {
	if rel == "" {
		return "."
	}
	return filepath.Clean(rel)
}

// wrote records that [off, off+n) changed.
func (s *fileState) wrote(off, n int64) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dirty = addExtent(s.dirty, extent{off, off + n})
}

func (s *fileState) changed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.dirty) > 0
}

// sync copies the ranges written since the last sync from the live file
// (read through /proc/self/fd, since fd may be write-only) into the shadow.
func (s *fileState) sync(fd int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	trace("sync state %p fd %d dirty %v", s, fd, s.dirty)
	if len(s.dirty) == 0 {
		return nil
	}
	src, err := os.Open(fmt.Sprintf("/proc/self/fd/%d", fd))
	if err != nil {
		return err
	}
	defer src.Close()
	info, err := src.Stat()
	if err != nil {
		return err
	}
	dst, err := os.OpenFile(s.shadow, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer dst.Close()
	size := info.Size()
	for _, e := range s.dirty {
		end := min(e.end, size)
		if e.off >= end {
			continue
		}
		if _, err := io.Copy(io.NewOffsetWriter(dst, e.off), io.NewSectionReader(src, e.off, end-e.off)); err != nil {
			return err
		}
	}
	if err := dst.Truncate(size); err != nil {
		return err
	}
	s.dirty = nil
	return nil
}

// addExtent inserts e into a sorted list of disjoint extents, merging.
func addExtent(list []extent, e extent) []extent {
	out := make([]extent, 0, len(list)+1)
	for _, x := range list {
		switch {
		case x.end < e.off:
			out = append(out, x)
		case e.end < x.off:
			out = append(out, e)
			e = x
		default:
			e = extent{min(x.off, e.off), max(x.end, e.end)}
		}
	}
	return append(out, e)
}

func inode(path string) uint64 {
	var st syscall.Stat_t
	if err := syscall.Lstat(path, &st); err != nil {
		return 0
	}
	return st.Ino
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
