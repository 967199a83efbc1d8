package main

import (
	"context"
	"fmt"
	"io"

	"github.com/guildhall-platform/guildhall/internal/blob"
)

// runDocuments is `guildhall documents copy --from WHERE --to WHERE`: it
// copies every document between folders and buckets (each a folder or an
// s3:// URL, as --blobs takes). It is how a bucket is backed up to a folder
// and restored, and how a platform moves its documents into a bucket. Every
// document is checked against its SHA-256 on the way.
func runDocuments(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "import" {
		return runDocumentsImport(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) == 0 || args[0] != "copy" {
		const usage = "Usage: guildhall documents copy --from FOLDER|s3://… --to FOLDER|s3://…\n       guildhall documents import [--team TEAM] MANIFEST.csv"
		if asksForHelp(args) {
			fmt.Fprintln(stdout, usage)
			return nil
		}
		fmt.Fprintln(stderr, usage)
		return errUsage
	}
	var cfg config
	fs := newFlagSet("documents copy", "Copy every document between folders and S3 buckets (backup, restore, moving to a bucket).", stderr)
	cfg.bindStore(fs, getenv)
	from := fs.String("from", "", "folder or s3:// URL to copy from (required)")
	to := fs.String("to", "", "folder or s3:// URL to copy to (required)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *from == "" || *to == "" {
		fs.Usage()
		return errUsage
	}
	src, err := cfg.BlobsAt(*from)
	if err != nil {
		return err
	}
	dst, err := cfg.BlobsAt(*to)
	if err != nil {
		return err
	}
	n, err := blob.Copy(ctx, dst, src)
	if err != nil {
		return fmt.Errorf("after %d documents: %w", n, err)
	}
	fmt.Fprintf(stdout, "Copied %d documents from %s to %s.\n", n, redactURL(*from), redactURL(*to))
	return nil
}
