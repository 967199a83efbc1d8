package service

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// SchemaJSON is the JSON Schema of a service definition: what Parse checks
// first, and the document an editor's YAML language server can point at.
//
//go:embed schema/service.schema.json
var SchemaJSON []byte

const schemaURL = "https://guildhall.dev/schema/service.schema.json"

var compiled = sync.OnceValues(func() (*jsonschema.Schema, any) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(SchemaJSON))
	if err != nil {
		panic("service: embedded schema is not JSON: " + err.Error())
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaURL, doc); err != nil {
		panic("service: embedded schema: " + err.Error())
	}
	s, err := c.Compile(schemaURL)
	if err != nil {
		panic("service: embedded schema does not compile: " + err.Error())
	}
	var raw any
	_ = json.Unmarshal(SchemaJSON, &raw)
	return s, raw
})

// schemaProperties returns the property names the schema allows at a schema
// location such as "https://…#/$defs/question", for "did you mean" hints.
func schemaProperties(loc string) []string {
	_, raw := compiled()
	_, frag, _ := strings.Cut(loc, "#")
	node := raw
	for _, tok := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		if tok == "" {
			continue
		}
		m, ok := node.(map[string]any)
		if !ok {
			return nil
		}
		node = m[strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)]
	}
	m, _ := node.(map[string]any)
	props, _ := m["properties"].(map[string]any)
	names := make([]string, 0, len(props))
	for k := range props {
		names = append(names, k)
	}
	return names
}
