package people

import (
	"bytes"
	"html/template"
	"strings"
)

// exportPage is the readable half of a subject access export. It is a
// download, not a page of the site, so its GOV.UK-like styles are inline
// and it loads nothing.
var exportPage = template.Must(template.New("export").Funcs(template.FuncMap{
	"marked": markedHTML,
	"date":   func(t interface{ Format(string) string }) string { return t.Format("2 January 2006 15:04") },
}).Parse(`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Information held about {{.Subject.Name}}</title>
<style>
body{font-family:Arial,"Helvetica Neue",sans-serif;color:#0b0c0c;margin:0 auto;max-width:960px;padding:20px;line-height:1.32;font-size:19px}
h1{font-size:48px;margin:0 0 30px}h2{font-size:36px;margin:40px 0 20px}h3{font-size:24px;margin:30px 0 15px}
table{border-collapse:collapse;width:100%;margin-bottom:30px}th,td{text-align:left;vertical-align:top;padding:10px 20px 10px 0;border-bottom:1px solid #b1b4b6}td{white-space:pre-line}
th{font-weight:700}.caption{color:#505a5f}.redact{background:#fff7bf;border:2px solid #ffdd00;padding:0 2px;font-weight:700}
.inset{border-left:10px solid #b1b4b6;padding:15px;margin:30px 0}
</style>
</head>
<body>
<h1>Information held about {{.Subject.Name}}</h1>
<p class="caption">Exported {{date .GeneratedAt}} by {{.GeneratedBy}}. Person {{.PersonID}}.</p>
{{if .Redactions}}<div class="inset"><h2>Names marked for review</h2>
<p>These names in free text may be other people's. Check each before release and redact those that are not the subject's.</p>
<table><thead><tr><th>Where</th><th>Name</th></tr></thead><tbody>
{{range .Redactions}}<tr><td>{{.Where}}</td><td>{{.Name}}</td></tr>{{end}}
</tbody></table></div>{{end}}
<h2>Summary</h2>
<table><tbody>
<tr><th scope="row">Name</th><td>{{.Subject.Name}}</td></tr>
<tr><th scope="row">Date of birth</th><td>{{.Subject.DateOfBirth}}</td></tr>
<tr><th scope="row">Email</th><td>{{.Subject.Email}}</td></tr>
<tr><th scope="row">Phone</th><td>{{.Subject.Phone}}</td></tr>
<tr><th scope="row">Address</th><td>{{.Subject.Address.String}}</td></tr>
</tbody></table>
<h2>Records</h2>
<table><thead><tr><th>Source</th><th>Name</th><th>Date of birth</th><th>Contact</th><th>Address</th><th>As of</th></tr></thead><tbody>
{{range .Records}}<tr><td>{{.Source}}</td><td>{{.Person.Name}}</td><td>{{.Person.DateOfBirth}}</td><td>{{.Person.Email}} {{.Person.Phone}}</td><td>{{.Person.Address.String}}</td><td>{{date .ObservedAt}}</td></tr>{{end}}
</tbody></table>
<h2>Cases</h2>
{{range .Cases}}<h3>{{.Ref}}: {{.Service}}</h3>
<p class="caption">{{.Classification}}. Received {{date .SubmittedAt}}. Status: {{.State}}.</p>
<table><caption class="caption">Answers</caption><tbody>
{{range .Answers}}<tr><th scope="row">{{.Question}}</th><td>{{marked .Answer}}</td></tr>{{end}}
</tbody></table>
<table><caption class="caption">History</caption><thead><tr><th>When</th><th>What</th><th>By</th><th>Note</th></tr></thead><tbody>
{{range .Events}}<tr><td>{{date .At}}</td><td>{{.Kind}}{{if .To}} to {{.To}}{{end}}</td><td>{{.By}}</td><td>{{marked .Note}}</td></tr>{{end}}
</tbody></table>
{{if .Files}}<table><caption class="caption">Documents</caption><tbody>
{{range .Files}}<tr><td>{{if .Missing}}{{.Name}} (could not be read from storage; ask the council){{else}}<a href="{{.Path}}">{{.Name}}</a>{{end}}</td><td>{{.ContentType}}</td><td>{{.Size}} bytes</td></tr>{{end}}
</tbody></table>{{end}}
{{if .Messages}}<table><caption class="caption">Messages sent to you</caption><thead><tr><th>When</th><th>To</th><th>Message</th></tr></thead><tbody>
{{range .Messages}}<tr><td>{{date .At}}</td><td>{{.To}}</td><td>{{if .Subject}}<strong>{{.Subject}}</strong>
{{end}}{{.Body}}</td></tr>{{end}}
</tbody></table>{{end}}
{{else}}<p>No cases.</p>{{end}}
</body>
</html>
`))

// markedHTML escapes text and highlights its "[REDACT? name]" markers.
func markedHTML(text string) template.HTML {
	esc := template.HTMLEscapeString(text)
	var b strings.Builder
	for {
		i := strings.Index(esc, "[REDACT? ")
		if i < 0 {
			break
		}
		j := strings.Index(esc[i:], "]")
		if j < 0 {
			break
		}
		b.WriteString(esc[:i])
		b.WriteString(`<span class="redact">` + esc[i:i+j+1] + `</span>`)
		esc = esc[i+j+1:]
	}
	b.WriteString(esc)
	return template.HTML(b.String())
}

func renderExport(d ExportData) ([]byte, error) {
	var buf bytes.Buffer
	err := exportPage.Execute(&buf, d)
	return buf.Bytes(), err
}
