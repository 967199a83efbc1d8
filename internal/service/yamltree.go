package service

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// pos is a 1-based line and column in a source file.
type pos struct{ line, col int }

// positions maps JSON pointers ("/pages/0/questions/1/label") to where the
// value, and the key that names it, sit in the YAML source. JSON Schema errors
// and semantic checks speak in pointers; people read lines.
type positions struct {
	value map[string]pos
	key   map[string]pos
}

// at returns the position of the value at ptr, or of its nearest ancestor.
func (p *positions) at(ptr string) pos {
	if p == nil {
		return pos{}
	}
	for {
		if q, ok := p.value[ptr]; ok {
			return q
		}
		if q, ok := p.key[ptr]; ok {
			return q
		}
		if ptr == "" {
			return pos{}
		}
		ptr = ptr[:strings.LastIndexByte(ptr, '/')]
	}
}

// keyAt returns the position of the key naming ptr, else of the value.
func (p *positions) keyAt(ptr string) pos {
	if p != nil {
		if q, ok := p.key[ptr]; ok {
			return q
		}
	}
	return p.at(ptr)
}

var pointerEscape = strings.NewReplacer("~", "~0", "/", "~1")

// pointer joins JSON pointer tokens, escaping as RFC 6901 requires.
func pointer(tokens ...string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(pointerEscape.Replace(t))
	}
	return b.String()
}

// converter turns a YAML syntax tree into plain JSON-like values (what the
// schema validator and encoding/json understand), recording positions.
type converter struct {
	pos     *positions
	anchors map[string]any
	probs   []pointerProblem
	depth   int
}

// pointerProblem is a problem located by JSON pointer, placed later.
type pointerProblem struct {
	ptr, msg, hint string
	atKey          bool
	// For schema problems: the field a "missing" problem is about, and the
	// field an unknown one should be renamed to, in mapping parent.
	missing, renames, parent string
}

const maxDepth = 64

// readYAML parses src into plain values and the positions of every node.
func readYAML(src []byte) (any, *positions, []pointerProblem, *Problem) {
	f, err := parser.ParseBytes(src, 0)
	if err != nil {
		return nil, nil, nil, syntaxProblem(err)
	}
	c := &converter{pos: &positions{value: map[string]pos{}, key: map[string]pos{}}, anchors: map[string]any{}}
	var docs []ast.Node
	for _, d := range f.Docs {
		if d != nil && d.Body != nil {
			docs = append(docs, d.Body)
		}
	}
	switch len(docs) {
	case 0:
		return nil, c.pos, []pointerProblem{{msg: "the file is empty", hint: "start with 'id:', 'name:' and 'pages:'; see docs/service-definitions.md"}}, nil
	case 1:
	default:
		c.probs = append(c.probs, pointerProblem{msg: "the file holds more than one YAML document", hint: "put one service in each file and remove the '---' separators"})
	}
	v := c.node(docs[0], "")
	return v, c.pos, c.probs, nil
}

func syntaxProblem(err error) *Problem {
	var se *yaml.SyntaxError
	p := &Problem{Message: "YAML syntax error: " + err.Error(), Hint: "check indentation (spaces, not tabs) and that every 'key: value' has a space after the colon"}
	if errors.As(err, &se) && se.Token != nil {
		p.Line, p.Col = se.Token.Position.Line, se.Token.Position.Column
		p.Message = "YAML syntax error: " + se.Message
	}
	if strings.Contains(p.Message, "already defined") {
		p.Hint = "a field can appear only once in a mapping: remove or merge the repeated one"
	}
	return p
}

func tokenPos(t *token.Token) (pos, bool) {
	if t == nil || t.Position == nil || t.Position.Line == 0 {
		return pos{}, false
	}
	return pos{t.Position.Line, t.Position.Column}, true
}

func (c *converter) mark(n ast.Node, ptr string) {
	if _, seen := c.pos.value[ptr]; seen {
		return
	}
	if p, ok := tokenPos(n.GetToken()); ok {
		c.pos.value[ptr] = p
	}
}

func (c *converter) node(n ast.Node, ptr string) any {
	if n == nil {
		return nil
	}
	c.depth++
	defer func() { c.depth-- }()
	if c.depth > maxDepth {
		c.probs = append(c.probs, pointerProblem{ptr: ptr, msg: "the definition nests too deeply", hint: "a service needs no more than a few levels of indentation"})
		return nil
	}
	switch n := n.(type) {
	case *ast.MappingNode:
		return c.mapping(n.Values, ptr)
	case *ast.MappingValueNode:
		return c.mapping([]*ast.MappingValueNode{n}, ptr)
	case *ast.SequenceNode:
		c.mark(n, ptr)
		out := make([]any, 0, len(n.Values))
		for i, e := range n.Values {
			out = append(out, c.node(e, fmt.Sprintf("%s/%d", ptr, i)))
		}
		return out
	case *ast.AnchorNode:
		v := c.node(n.Value, ptr)
		c.anchors[n.Name.String()] = v
		return v
	case *ast.AliasNode:
		c.mark(n, ptr)
		v, ok := c.anchors[n.Value.String()]
		if !ok {
			c.probs = append(c.probs, pointerProblem{ptr: ptr, msg: fmt.Sprintf("alias '*%s' refers to no anchor", n.Value.String()), hint: "define the anchor with '&name' before using it"})
		}
		return v
	case *ast.TagNode:
		return c.node(n.Value, ptr)
	case *ast.LiteralNode:
		// A block scalar ('|' or '>'): the scanner has already applied the
		// header's indentation, folding and chomping (YAML 1.2 §8.1) to
		// n.Value; n.String() would give the source text, header and all.
		c.mark(n, ptr)
		return n.Value.Value
	case *ast.NullNode:
		c.mark(n, ptr)
		return nil
	case ast.ScalarNode:
		c.mark(n, ptr)
		return c.scalar(n, ptr)
	}
	c.probs = append(c.probs, pointerProblem{ptr: ptr, msg: fmt.Sprintf("unsupported YAML (%s)", n.Type()), hint: "use plain mappings, lists and values"})
	return nil
}

func (c *converter) scalar(n ast.ScalarNode, ptr string) any {
	switch v := n.GetValue().(type) {
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			c.probs = append(c.probs, pointerProblem{ptr: ptr, msg: "infinity and NaN are not numbers a service can use", hint: "write a finite number"})
			return nil
		}
		return v
	case uint64:
		if v > math.MaxInt64 {
			return float64(v)
		}
		return int64(v)
	case int64, string, bool:
		return v
	case nil:
		return nil
	default:
		return fmt.Sprint(v)
	}
}

func (c *converter) mapping(values []*ast.MappingValueNode, ptr string) any {
	out := make(map[string]any, len(values))
	for i, mv := range values {
		if i == 0 {
			if p, ok := tokenPos(mv.Key.GetToken()); ok {
				if _, seen := c.pos.value[ptr]; !seen {
					c.pos.value[ptr] = p
				}
			}
		}
		if _, merge := mv.Key.(*ast.MergeKeyNode); merge {
			if m, ok := c.node(mv.Value, ptr).(map[string]any); ok {
				for k, v := range m {
					if _, has := out[k]; !has {
						out[k] = v
					}
				}
			}
			continue
		}
		k := keyText(mv.Key)
		kptr := ptr + pointer(k)
		if p, ok := tokenPos(mv.Key.GetToken()); ok {
			c.pos.key[kptr] = p
		}
		out[k] = c.node(mv.Value, kptr)
	}
	return out
}

func keyText(k ast.MapKeyNode) string {
	switch k := k.(type) {
	case *ast.StringNode:
		return k.Value
	case *ast.LiteralNode:
		return k.Value.Value
	case *ast.MappingKeyNode: // "? key"
		if v, ok := k.Value.(ast.MapKeyNode); ok {
			return keyText(v)
		}
	case ast.ScalarNode:
		return fmt.Sprint(k.GetValue())
	}
	return k.String()
}
