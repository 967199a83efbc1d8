package powerfs

import (
	"context"
	"path/filepath"
	"syscall"

	gofs "github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// node is a loopback node whose files record their writes and whose fsync
// copies them to what the disk holds.
type node struct {
	gofs.LoopbackNode
	p *FS
}

var (
	_ gofs.NodeCreater        = (*node)(nil)
	_ gofs.NodeOpener         = (*node)(nil)
	_ gofs.NodeFsyncer        = (*node)(nil)
	_ gofs.NodeSetattrer      = (*node)(nil)
	_ gofs.NodeCopyFileRanger = (*node)(nil)
)

// rel is the node's path inside the mount.
func (n *node) rel() string { return n.Path(n.Root()) }

func (n *node) Create(ctx context.Context, name string, flags, mode uint32, out *fuse.EntryOut) (*gofs.Inode, gofs.FileHandle, uint32, syscall.Errno) {
	in, fh, ff, errno := n.LoopbackNode.Create(ctx, name, flags, mode, out)
	if errno != 0 {
		return in, fh, ff, errno
	}
	lf := fh.(*gofs.LoopbackFile)
	fd, _ := lf.PassthroughFd()
	st, err := n.p.created(fd)
	if err != nil {
		lf.Release(ctx)
		return nil, nil, 0, gofs.ToErrno(err)
	}
	return in, &file{lf: lf, fd: fd, st: st}, ff, 0
}

func (n *node) Open(ctx context.Context, flags uint32) (gofs.FileHandle, uint32, syscall.Errno) {
	fh, ff, errno := n.LoopbackNode.Open(ctx, flags)
	if errno != 0 {
		return fh, ff, errno
	}
	lf := fh.(*gofs.LoopbackFile)
	fd, _ := lf.PassthroughFd()
	st, err := n.p.stateOf(fd)
	if err != nil {
		lf.Release(ctx)
		return nil, 0, gofs.ToErrno(err)
	}
	if flags&syscall.O_TRUNC != 0 {
		st.wrote(0, forever)
	}
	return &file{lf: lf, fd: fd, st: st}, ff, 0
}

// Fsync serves fsync and fdatasync of files and of folders.
func (n *node) Fsync(ctx context.Context, fh gofs.FileHandle, flags uint32) syscall.Errno {
	if n.StableAttr().Mode&syscall.S_IFMT == syscall.S_IFDIR {
		return gofs.ToErrno(n.p.syncDir(n.rel()))
	}
	f, ok := fh.(*file)
	if !ok {
		return syscall.EBADF
	}
	n.p.mu.Lock()
	n.p.stats.FileSyncs++
	n.p.mu.Unlock()
	return gofs.ToErrno(f.st.sync(f.fd))
}

// Setattr records a change of size (truncate by name or by descriptor).
func (n *node) Setattr(ctx context.Context, fh gofs.FileHandle, in *fuse.SetAttrIn, out *fuse.AttrOut) syscall.Errno {
	f, ok := fh.(*file)
	if ok {
		fh = f.lf
	}
	errno := n.LoopbackNode.Setattr(ctx, fh, in, out)
	if _, has := in.GetSize(); has && errno == 0 {
		if ok {
			f.st.wrote(0, forever) // a shrink or a hole: copy it all at the next fsync
		} else if st := n.p.stateByPath(n.rel()); st != nil {
			st.wrote(0, forever) // a shrink or a hole: copy it all at the next fsync
		}
	}
	return errno
}

// CopyFileRange is refused so that the kernel falls back to reads and
// writes, which are recorded.
func (n *node) CopyFileRange(context.Context, gofs.FileHandle, uint64, *gofs.Inode, gofs.FileHandle, uint64, uint64, uint64) (uint32, syscall.Errno) {
	return 0, syscall.ENOSYS
}

func (p *FS) stateByPath(rel string) *fileState {
	ino := inode(filepath.Join(p.Backing, rel))
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.byIno[ino]
}

// file is an open file. It deliberately does not offer its descriptor for
// FUSE passthrough: the kernel would then write without telling us.
type file struct {
	lf *gofs.LoopbackFile
	fd int
	st *fileState
}

var (
	_ gofs.FileReader    = (*file)(nil)
	_ gofs.FileWriter    = (*file)(nil)
	_ gofs.FileWritever  = (*file)(nil)
	_ gofs.FileFlusher   = (*file)(nil)
	_ gofs.FileReleaser  = (*file)(nil)
	_ gofs.FileGetattrer = (*file)(nil)
	_ gofs.FileSetattrer = (*file)(nil)
	_ gofs.FileAllocater = (*file)(nil)
	_ gofs.FileLseeker   = (*file)(nil)
)

func (f *file) Read(ctx context.Context, buf []byte, off int64) (fuse.ReadResult, syscall.Errno) {
	return f.lf.Read(ctx, buf, off)
}

func (f *file) Write(ctx context.Context, data []byte, off int64) (uint32, syscall.Errno) {
	n, errno := f.lf.Write(ctx, data, off)
	f.st.wrote(off, int64(n))
	return n, errno
}

func (f *file) Writev(ctx context.Context, data [][]byte, off int64) (uint32, syscall.Errno) {
	n, errno := f.lf.Writev(ctx, data, off)
	f.st.wrote(off, int64(n))
	return n, errno
}

func (f *file) Flush(ctx context.Context) syscall.Errno   { return f.lf.Flush(ctx) }
func (f *file) Release(ctx context.Context) syscall.Errno { return f.lf.Release(ctx) }
func (f *file) Getattr(ctx context.Context, out *fuse.AttrOut) syscall.Errno {
	return f.lf.Getattr(ctx, out)
}

func (f *file) Setattr(ctx context.Context, in *fuse.SetAttrIn, out *fuse.AttrOut) syscall.Errno {
	errno := f.lf.Setattr(ctx, in, out)
	if _, ok := in.GetSize(); ok && errno == 0 {
		f.st.wrote(0, forever) // a shrink or a hole: copy it all at the next fsync
	}
	return errno
}

func (f *file) Allocate(ctx context.Context, off, size uint64, mode uint32) syscall.Errno {
	errno := f.lf.Allocate(ctx, off, size, mode)
	if errno == 0 {
		f.st.wrote(int64(off), int64(size))
	}
	return errno
}

func (f *file) Lseek(ctx context.Context, off uint64, whence uint32) (uint64, syscall.Errno) {
	return f.lf.Lseek(ctx, off, whence)
}

// OpendirHandle wraps the folder's handle so that fsync of a folder, which
// FUSE sends to the handle, is recorded.
func (n *node) OpendirHandle(ctx context.Context, flags uint32) (gofs.FileHandle, uint32, syscall.Errno) {
	fh, ff, errno := n.LoopbackNode.OpendirHandle(ctx, flags)
	if errno != 0 {
		return fh, ff, errno
	}
	return &dir{ds: fh.(dirStream), n: n}, ff, 0
}

type dirStream interface {
	gofs.FileReaddirenter
	gofs.FileSeekdirer
	gofs.FileReleasedirer
}

type dir struct {
	ds dirStream
	n  *node
}

var _ gofs.FileFsyncdirer = (*dir)(nil)

func (d *dir) Readdirent(ctx context.Context) (*fuse.DirEntry, syscall.Errno) {
	return d.ds.Readdirent(ctx)
}
func (d *dir) Seekdir(ctx context.Context, off uint64) syscall.Errno { return d.ds.Seekdir(ctx, off) }
func (d *dir) Releasedir(ctx context.Context, flags uint32)          { d.ds.Releasedir(ctx, flags) }
func (d *dir) Fsyncdir(context.Context, uint32) syscall.Errno {
	return gofs.ToErrno(d.n.p.syncDir(d.n.rel()))
}
