package triage

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/service"
)

// Model is a trained classifier. It is immutable and safe for concurrent use;
// a Holder swaps in a new one when it is retrained.
type Model struct {
	classes   []string // service ids; "" (the last) is the background class
	defs      map[string]*service.Definition
	vocab     map[string]int32
	weights   []float32 // len(vocab) × len(classes), feature-major
	bias      []float32
	threshold float64
	// cvIn and cvOut are the cross-validated rates on the training examples
	// at the threshold: in-scope answered right, background declined.
	cvIn, cvOut float64
	examples    int
	trainedAt   time.Time
}

// Suggestion is one service the model proposes.
type Suggestion struct {
	Service     *service.Definition
	Probability float64
	// Words are the resident's words that pointed most to this service.
	Words []string
}

// Reason is the one-line explanation shown beside a suggestion.
func (s Suggestion) Reason() string { return s.ReasonIn(fmt.Sprintf) }

// ReasonIn is Reason written by say, which translates each message (the
// English is the key) before filling in the resident's words.
func (s Suggestion) ReasonIn(say func(format string, args ...any) string) string {
	switch len(s.Words) {
	case 0:
		return say(lang.N("The closest match to what you wrote."))
	case 1:
		return say(lang.N("You mentioned “%s”."), s.Words[0])
	}
	return say(lang.N("You mentioned “%s” and “%s”."), s.Words[0], s.Words[1])
}

// Result is the model's answer for one text: the three most likely services,
// best first, and whether it is confident enough to say so.
type Result struct {
	Suggestions []Suggestion
	// DontKnow is true when the text is most like something no service
	// handles, or no service is likely enough: the resident should be offered
	// the general enquiry route.
	DontKnow bool
}

// Top returns the best suggestion's service id, or "" when the model does not know.
func (r Result) Top() string {
	if r.DontKnow || len(r.Suggestions) == 0 {
		return ""
	}
	return r.Suggestions[0].Service.ID
}

// Threshold is the probability below which the model says it does not know,
// chosen by cross-validation when it was trained.
func (m *Model) Threshold() float64 { return m.threshold }

// Examples is how many texts the model was trained on.
func (m *Model) Examples() int { return m.examples }

// TrainedAt is when the model was trained.
func (m *Model) TrainedAt() time.Time { return m.trainedAt }

// Classify proposes services open to audience for text. Services the
// audience cannot use count as "something else", so a resident is never sent
// to a staff form. An empty audience considers every service.
func (m *Model) Classify(text string, audience service.Audience) Result {
	fs, words := features(text)
	idx, vals := m.lookup(fs)
	if len(idx) == 0 {
		return Result{DontKnow: true}
	}
	p := m.probabilities(idx, vals)
	bg := len(m.classes) - 1
	var out []Suggestion
	for c, id := range m.classes[:bg] {
		d := m.defs[id]
		if audience != "" && !d.HasAudience(audience) {
			p[bg] += p[c]
			continue
		}
		out = append(out, Suggestion{Service: d, Probability: p[c]})
	}
	slices.SortStableFunc(out, func(a, b Suggestion) int { return cmp.Compare(b.Probability, a.Probability) })
	out = out[:min(3, len(out))]
	for i := range out {
		out[i].Words = m.reasons(fs, words, slices.Index(m.classes, out[i].Service.ID))
	}
	dontKnow := len(out) == 0 || out[0].Probability < m.threshold || p[bg] > out[0].Probability
	return Result{Suggestions: out, DontKnow: dontKnow}
}

// lookup keeps the features the model knows, as vocabulary indices.
func (m *Model) lookup(fs []feature) ([]int32, []float32) {
	idx := make([]int32, 0, len(fs))
	vals := make([]float32, 0, len(fs))
	for _, f := range fs {
		if i, ok := m.vocab[f.key]; ok {
			idx, vals = append(idx, i), append(vals, f.val)
		}
	}
	return idx, vals
}

// probabilities is the softmax of the class scores.
func (m *Model) probabilities(idx []int32, vals []float32) []float64 {
	nc := len(m.classes)
	scores := make([]float64, nc)
	for c := range scores {
		scores[c] = float64(m.bias[c])
	}
	for k, i := range idx {
		row := m.weights[int(i)*nc : int(i)*nc+nc]
		for c, w := range row {
			scores[c] += float64(w * vals[k])
		}
	}
	return softmax(scores)
}

func softmax(s []float64) []float64 {
	top := slices.Max(s)
	var sum float64
	for i, v := range s {
		s[i] = math.Exp(v - top)
		sum += s[i]
	}
	for i := range s {
		s[i] /= sum
	}
	return s
}

// reasons returns up to two of the resident's words whose features gave
// class c the most weight, skipping words that carry no sense of a service.
func (m *Model) reasons(fs []feature, words []string, c int) []string {
	nc := len(m.classes)
	byWord := make([]float64, len(words))
	for _, f := range fs {
		if i, ok := m.vocab[f.key]; ok {
			byWord[f.word] += float64(m.weights[int(i)*nc+c] * f.val)
		}
	}
	order := make([]int, 0, len(words))
	for i, w := range words {
		same := func(j int) bool { return stem(words[j]) == stem(w) }
		if byWord[i] > 0 && !stopWords[w] && !noReason[w] && !slices.ContainsFunc(order, same) {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(byWord[b], byWord[a]) })
	var out []string
	for _, i := range order[:min(2, len(order))] {
		out = append(out, words[i])
	}
	return out
}

// noReason are words that count in the model but explain nothing to a
// resident ("You mentioned “not”").
var noReason = setOf("not no get got want need like know tell help please council")

func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }

// Describe is a one-line summary of the model for logs and the admin page.
func (m *Model) Describe() string {
	return fmt.Sprintf("%d services, %d examples, %d features, threshold %.3f (cross-validated on training: %.1f%% in scope right, %.1f%% background declined)",
		len(m.classes)-1, m.examples, len(m.vocab), m.threshold, 100*m.cvIn, 100*m.cvOut)
}
