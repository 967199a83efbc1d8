package records_test

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// needTools skips unless the extraction programs are installed; CI sets
// GUILDHALL_TEST_OCR=required so that there they must be.
func needTools(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"pdftotext", "pdftoppm", "tesseract"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("GUILDHALL_TEST_OCR") == "required" {
				t.Fatalf("%s is required (apt-get install poppler-utils tesseract-ocr): %v", tool, err)
			}
			t.Skipf("%s not installed", tool)
		}
	}
}

func TestExtractText(t *testing.T) {
	x := records.Extractor{}
	ctx := context.Background()
	for _, tc := range []struct {
		name, contentType string
		data              []byte
		want              []string
	}{
		{"docx", service.MIMEDOCX, zipOf(t, "word/document.xml",
			`<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>Minutes of the</w:t></w:r><w:r><w:t xml:space="preserve"> Planning Committee</w:t></w:r></w:p><w:p><w:r><w:t>Item 4: Mill Lane</w:t></w:r></w:p></w:body></w:document>`),
			[]string{"Minutes of the Planning Committee", "Item 4: Mill Lane"}},
		{"odt", service.MIMEODT, zipOf(t, "content.xml",
			`<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text><text:h>Tree policy</text:h><text:p>Ash dieback<text:s/>survey</text:p></office:text></office:body></office:document-content>`),
			[]string{"Tree policy Ash dieback survey"}},
		{"plain text", service.MIMEText, []byte("Budget  2026/27\n\nsummary"), []string{"Budget 2026/27 summary"}},
		{"email", service.MIMEText, []byte("From: Ann Clerk <ann@council.example>\r\nTo: planning@council.example\r\nSubject: =?utf-8?q?Caf=C3=A9_licence?=\r\nContent-Type: multipart/alternative; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nPavement caf=C3=A9 at 3 High Street\r\n--b1\r\nContent-Type: text/html\r\n\r\n<p>ignored html</p>\r\n--b1--\r\n"),
			[]string{"Subject: Café licence", "From: Ann Clerk", "Pavement café at 3 High Street"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := x.Text(ctx, tc.contentType, tc.data)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("text %q lacks %q", got, w)
				}
			}
			if strings.Contains(got, "ignored html") {
				t.Errorf("html part read: %q", got)
			}
		})
	}
	if got := service.SniffContentType("a.odt", zipOf(t, "content.xml", "<x/>")); got != service.MIMEODT {
		t.Errorf("an ODT file sniffs as %q", got)
	}
}

// TestExtractPDFAndScans: a PDF's text layer through pdftotext, then the
// same page as a scan (an image, and a PDF holding only the image) read
// by tesseract.
func TestExtractPDFAndScans(t *testing.T) {
	needTools(t)
	x := records.Extractor{}
	ctx := context.Background()
	pdf := textPDF("Highway inspection manual")
	got, err := x.Text(ctx, service.MIMEPDF, pdf)
	if err != nil || !strings.Contains(got, "Highway inspection manual") {
		t.Fatalf("pdf text %q %v", got, err)
	}
	scan := render(t, pdf)
	got, err = x.Text(ctx, service.MIMEPNG, scan)
	if err != nil || !strings.Contains(strings.ToLower(got), "highway inspection manual") {
		t.Fatalf("OCR of a scanned page: %q %v", got, err)
	}
	got, err = x.Text(ctx, service.MIMEPDF, imagePDF(t, scan))
	if err != nil || !strings.Contains(strings.ToLower(got), "highway inspection manual") {
		t.Fatalf("OCR of a scanned PDF: %q %v", got, err)
	}
}

func zipOf(t *testing.T, part, body string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	if part == "content.xml" { // OpenDocument: an uncompressed mimetype first
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
		w.Write([]byte(service.MIMEODT))
	} else {
		w, _ := zw.Create("[Content_Types].xml")
		w.Write([]byte("<Types/>"))
	}
	w, _ := zw.Create(part)
	w.Write([]byte(body))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pdfOf assembles a PDF from its objects, with a correct cross-reference table.
func pdfOf(objects ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

func textPDF(text string) []byte {
	content := fmt.Sprintf("BT /F1 28 Tf 60 700 Td (%s) Tj ET", text)
	return pdfOf("<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
}

// render draws a PDF's first page as a greyscale PNG, as a scanner would.
func render(t *testing.T, pdf []byte) []byte {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "in.pdf"), pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("pdftoppm", "-r", "200", "-gray", "-png", "-singlefile", "in.pdf", "page")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// imagePDF wraps a greyscale PNG in a PDF with no text layer: a scan.
func imagePDF(t *testing.T, pngData []byte) []byte {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(pngData))
	if err != nil {
		t.Fatal(err)
	}
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Bounds(), img, img.Bounds().Min, draw.Src)
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	for y := range h {
		zw.Write(g.Pix[y*g.Stride : y*g.Stride+w])
	}
	zw.Close()
	content := "q 612 0 0 792 0 0 cm /Im1 Do Q"
	return pdfOf("<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream", w, h, z.Len(), z.String()))
}
