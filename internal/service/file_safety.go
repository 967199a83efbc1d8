package service

import (
	"bytes"
	"mime"
	"path"
	"strings"
	"unicode"
)

// Executable and script files are refused everywhere files arrive (the
// front door, the API, Open311), whatever type they claim: by any extension
// in their name (pothole.jpg.hta is an HTA) and by their content (a
// Windows or Linux program, a script with #!, HTML, HTA or script markup
// anywhere in the bytes, so a JPEG that is also an HTA is refused too).
// Files that pass are stored under a name Guildhall makes, whose one
// extension comes from the type their content shows (StoredFileName).

// MessageExecutable is the error message for a refused program or script.
const MessageExecutable = "The selected file must not be a program or a script"

// dangerousExtensions run code when opened on Windows, macOS or Linux, or
// render as active content in a browser.
var dangerousExtensions = map[string]bool{}

func init() {
	for _, e := range strings.Fields(`exe com bat cmd scr pif msi msp mst msc cpl dll ocx sys drv
		hta htm html xhtml shtml mht mhtml svg svgz xml xsl xslt js jse mjs cjs vbs vbe wsf wsh ws wsc sct
		ps1 psm1 psd1 ps1xml psc1 ps2 ps2xml msh msh1 msh2 mshxml sh bash zsh csh ksh fish command tool
		py pyc pyw pl pm rb php php3 php4 php5 phtml phar asp aspx jsp jspx cgi jar class war ear jnlp
		apk app dmg pkg mpkg deb rpm run bin elf out lnk url website reg inf ins isp scf gadget
		application appref-ms vsto xbap swf chm hlp iso img vhd vhdx docm dotm xlsm xltm xlam pptm potm
		ppam ppsm sldm scpt scptd applescript workflow action desktop appimage msix msixbundle appx
		appxbundle library-ms settingcontent-ms xll wll iqy slk`) {
		dangerousExtensions[e] = true
	}
}

// DangerousName reports whether any extension of name (after its first
// dot, each dot-separated part) names a program or script. Trailing dots
// and spaces, which Windows drops, are ignored.
func DangerousName(name string) bool {
	name = strings.TrimRight(path.Base(strings.ReplaceAll(name, `\`, "/")), ". ")
	parts := strings.Split(strings.ToLower(name), ".")
	for _, p := range parts[1:] {
		if dangerousExtensions[strings.TrimSpace(p)] {
			return true
		}
	}
	return false
}

// Magic numbers of programs.
var programMagic = [][]byte{
	[]byte("MZ"),                    // Windows PE (.exe, .dll, .scr)
	[]byte("\x7fELF"),               // Linux and Unix
	{0xfe, 0xed, 0xfa, 0xce},        // Mach-O 32-bit
	{0xfe, 0xed, 0xfa, 0xcf},        // Mach-O 64-bit
	{0xce, 0xfa, 0xed, 0xfe},        // Mach-O 32-bit, little-endian
	{0xcf, 0xfa, 0xed, 0xfe},        // Mach-O 64-bit, little-endian
	{0xca, 0xfe, 0xba, 0xbe},        // Mach-O universal, Java class
	[]byte("#!"),                    // a script for an interpreter
	[]byte("\xd0\xcf\x11\xe0"),      // OLE2: MSI, old Office with macros
	[]byte("L\x00\x00\x00\x01\x14"), // Windows shortcut (.lnk)
}

// activeMarkers, lower case, are refused anywhere in a file: markup or code
// that a browser, mshta.exe or a PDF reader would run. They are long enough
// that compressed image data does not contain one by chance.
var activeMarkers = [][]byte{
	[]byte("<script"), []byte("<hta:application"), []byte("<!doctype html"), []byte("<html>"), []byte("<html "),
	[]byte("<iframe"), []byte("<object "), []byte("<embed "), []byte("<?php"), []byte("javascript:"),
	[]byte("vbscript:"), []byte("wscript.shell"), []byte("activexobject"), []byte("createobject("),
	[]byte("/javascript"), []byte("/launch"), []byte("/embeddedfile"),
}

// textMarkers are refused at the start of a text file: markup, script
// headers and batch files that would run if renamed back.
var textMarkers = [][]byte{
	[]byte("<"), []byte("@echo"), []byte("#!"), []byte("set objshell"), []byte("powershell"),
}

// ContentScan looks for programs and active content in a file's bytes as
// they are written to it, in pieces of any size (a marker split between
// two writes is still found). Use Dangerous after the last write.
type ContentScan struct {
	head     []byte // the first bytes, for magic numbers and text headers
	tail     []byte // the last bytes of the previous write, lower case
	found    bool
	scratch  []byte
	maxMark  int
	textSeen bool
}

// headLen is how much of the start ContentScan keeps.
const headLen = 64

// Write scans p; it never fails.
func (s *ContentScan) Write(p []byte) (int, error) {
	if s.maxMark == 0 {
		for _, m := range activeMarkers {
			s.maxMark = max(s.maxMark, len(m))
		}
	}
	if len(s.head) < headLen {
		s.head = append(s.head, p[:min(len(p), headLen-len(s.head))]...)
	}
	if s.found {
		return len(p), nil
	}
	s.scratch = append(s.scratch[:0], s.tail...)
	start := len(s.scratch)
	s.scratch = append(s.scratch, p...)
	lower(s.scratch[start:])
	for _, m := range activeMarkers {
		if bytes.Contains(s.scratch, m) {
			s.found = true
			break
		}
	}
	keep := min(len(s.scratch), s.maxMark-1)
	s.tail = append(s.tail[:0], s.scratch[len(s.scratch)-keep:]...)
	return len(p), nil
}

func lower(b []byte) {
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
}

// Dangerous reports whether the bytes written are a program, a script or
// hold active content.
func (s *ContentScan) Dangerous() bool {
	if s.found {
		return true
	}
	for _, m := range programMagic {
		if bytes.HasPrefix(s.head, m) {
			return true
		}
	}
	if isText(s.head) {
		start := bytes.ToLower(bytes.TrimLeftFunc(bytes.TrimPrefix(s.head, []byte("\xEF\xBB\xBF")), unicode.IsSpace))
		for _, m := range textMarkers {
			if bytes.HasPrefix(start, m) {
				return true
			}
		}
	}
	return false
}

// DangerousContent reports whether data is a program, a script or holds
// active content (see ContentScan).
func DangerousContent(data []byte) bool {
	var s ContentScan
	_, _ = s.Write(data)
	return s.Dangerous()
}

// typeExtensions give each accepted type the one extension its stored name has.
var typeExtensions = map[string]string{
	MIMEPDF: ".pdf", MIMEPNG: ".png", MIMEJPEG: ".jpg", MIMEGIF: ".gif", MIMEWebP: ".webp",
	MIMEHEIC: ".heic", MIMEText: ".txt", MIMEDOCX: ".docx", MIMEXLSX: ".xlsx", MIMEODT: ".odt",
}

// StoredFileName is the name Guildhall keeps and serves a file under: the
// client's name without its last extension, reduced to letters, digits,
// spaces, hyphens and underscores (other dots become hyphens; at most 60
// characters; "file" if nothing is left), then the one extension of
// contentType, the type the content showed (".bin" for a type not
// accepted). "report.final.pdf" stays "report-final.pdf"; a JPEG sent as
// "pothole.jpg.exe" would be "pothole-jpg.jpg" (had it not been refused).
func StoredFileName(clientName, contentType string) string {
	base := path.Base(strings.ReplaceAll(clientName, `\`, "/"))
	stem := strings.Trim(base, ". ")
	if i := strings.LastIndexByte(stem, '.'); i > 0 {
		stem = stem[:i]
	}
	var b strings.Builder
	n := 0
	for _, r := range stem {
		if n >= 60 {
			break
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == '.':
			b.WriteRune('-') // a name has one dot: the extension's
		case r == ' ' && b.Len() > 0:
			b.WriteRune(r)
		default:
			continue
		}
		n++
	}
	name := strings.TrimSpace(b.String())
	if name == "" {
		name = "file"
	}
	mt, _, err := mime.ParseMediaType(contentType)
	ext, ok := typeExtensions[mt]
	if err != nil || !ok {
		ext = ".bin"
	}
	return name + ext
}

// CheckUploadName refuses a client's file name that names a program or a
// script, or holds control or bidirectional characters; "" when it is
// acceptable. The message suits the GOV.UK file upload component.
func CheckUploadName(name string) string {
	switch {
	case DangerousName(name):
		return MessageExecutable
	case CharacterProblem(name) == ProblemBidi:
		return "The selected file's name must not include characters that change the direction of text"
	case CharacterProblem(name) != "":
		return "The selected file's name must not include hidden control characters"
	}
	return ""
}
