package records

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/guildhall-platform/guildhall/internal/service"
)

// Extractor reads the words of a document for search: PDF through Debian's
// pdftotext, Word (DOCX) and OpenDocument (ODT) by reading their XML,
// plain text and email (.eml) directly, and scans (images, and PDFs with
// no text layer) through tesseract's OCR. A missing tool means no text,
// not a refused document: the document is kept and found by its metadata.
type Extractor struct {
	// PDFToText, PDFToPPM and Tesseract name the programs; empty looks
	// them up on PATH.
	PDFToText, PDFToPPM, Tesseract string
	// Timeout bounds each program run (default 2 minutes).
	Timeout time.Duration
}

// MaxText is how much extracted text is kept for search: enough for a
// long report, bounded so one document cannot swell the index.
const MaxText = 1 << 20

// ErrNoTool says the program a type needs is not installed.
var ErrNoTool = errors.New("records: text extraction tool not installed")

// Text returns the words of data, a file of contentType.
func (x Extractor) Text(ctx context.Context, contentType string, data []byte) (string, error) {
	var text string
	var err error
	switch contentType {
	case service.MIMEPDF:
		text, err = x.pdf(ctx, data)
	case service.MIMEDOCX:
		text, err = zipXML(data, "word/document.xml", docxBreaks)
	case service.MIMEODT:
		text, err = zipXML(data, "content.xml", odtBreaks)
	case service.MIMEText:
		text = plainOrEmail(data)
	case service.MIMEPNG, service.MIMEJPEG, service.MIMEGIF, service.MIMEWebP:
		text, err = x.ocr(ctx, data)
	}
	return clip(text), err
}

func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > MaxText {
		s = strings.ToValidUTF8(s[:MaxText], "")
	}
	return s
}

func (x Extractor) timeout() time.Duration {
	if x.Timeout > 0 {
		return x.Timeout
	}
	return 2 * time.Minute
}

// run runs a program in dir and returns its standard output.
func (x Extractor) run(ctx context.Context, dir, name string, args ...string) ([]byte, error) {
	path, err := exec.LookPath(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, ErrNoTool)
	}
	ctx, cancel := context.WithTimeout(ctx, x.timeout())
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %s", name, err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// pdf reads a PDF's text layer; a PDF without one is a scan, read by OCR
// page by page.
func (x Extractor) pdf(ctx context.Context, data []byte) (string, error) {
	dir, err := os.MkdirTemp("", "guildhall-extract-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "in.pdf"), data, 0o600); err != nil {
		return "", err
	}
	out, err := x.run(ctx, dir, or(x.PDFToText, "pdftotext"), "-enc", "UTF-8", "in.pdf", "-")
	if err != nil || strings.TrimSpace(string(out)) != "" {
		return string(out), err
	}
	if _, err := x.run(ctx, dir, or(x.PDFToPPM, "pdftoppm"), "-r", "300", "-gray", "-png", "in.pdf", "page"); err != nil {
		return "", err
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	var b strings.Builder
	for _, p := range pages {
		t, err := x.run(ctx, dir, or(x.Tesseract, "tesseract"), filepath.Base(p), "stdout")
		if err != nil {
			return b.String(), err
		}
		b.Write(t)
		b.WriteByte('\n')
	}
	return b.String(), nil
}

// ocr reads the words of a scanned image.
func (x Extractor) ocr(ctx context.Context, data []byte) (string, error) {
	dir, err := os.MkdirTemp("", "guildhall-ocr-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "scan"), data, 0o600); err != nil {
		return "", err
	}
	out, err := x.run(ctx, dir, or(x.Tesseract, "tesseract"), "scan", "stdout")
	return string(out), err
}

// The XML elements that end a line of text in Word and OpenDocument files.
var (
	docxBreaks = map[string]bool{"p": true, "br": true, "tab": true, "tr": true}
	odtBreaks  = map[string]bool{"p": true, "h": true, "line-break": true, "tab": true, "list-item": true}
)

// maxPart bounds how much of one zip part is read: a zip bomb stops here.
const maxPart = 64 << 20

// zipXML returns the character data of one XML part of a zip, with a
// space at each element that breaks a line.
func zipXML(data []byte, part string, breaks map[string]bool) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", fmt.Errorf("reading zip: %w", err)
	}
	f, err := zr.Open(part)
	if err != nil {
		return "", fmt.Errorf("no %s: %w", part, err)
	}
	defer f.Close()
	dec := xml.NewDecoder(io.LimitReader(f, maxPart))
	var b strings.Builder
	for b.Len() < MaxText {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return b.String(), fmt.Errorf("%s: %w", part, err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.EndElement:
			if breaks[t.Name.Local] {
				b.WriteByte('\n')
			}
		case xml.StartElement:
			if t.Name.Local == "tab" || t.Name.Local == "br" || t.Name.Local == "s" {
				b.WriteByte(' ')
			}
		}
	}
	return b.String(), nil
}
