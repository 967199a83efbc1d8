package platform

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guildhall-platform/guildhall/internal/advice"
	"github.com/guildhall-platform/guildhall/internal/chat"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/triage"
	webadvice "github.com/guildhall-platform/guildhall/internal/web/advice"
)

// AIConfig configures the AI features (issue 17, docs/ai.md).
type AIConfig struct {
	Triage            bool // service suggestions at /ask and routing help
	Advice            bool // quoted answers at /ask
	AdviceContent     string
	GeneralEnquiryURL string
	LLMURL            string
	LLMModel          string
	LLMKey            string
	LLMDailyLimit     int
	LLMTimeout        time.Duration
	// Exclude lists services the AI features leave alone: never suggested,
	// never routed to, their pages never quoted.
	Exclude []string
}

// Validate checks the language model's address when one is given.
func (c AIConfig) Validate() error {
	if c.LLMURL == "" {
		return nil
	}
	u, err := url.Parse(c.LLMURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("--llm-url %q: want an http(s) address", c.LLMURL)
	}
	if c.LLMModel == "" {
		return errors.New("--llm-model: name the model to use at --llm-url")
	}
	return nil
}

// Setup is what the configuration switches on, for the transparency record.
func (c AIConfig) Setup() triage.Setup {
	s := triage.Setup{Triage: c.Triage, Routing: c.Triage, Advice: c.Advice, Excluded: c.Exclude}
	if c.LLMURL != "" {
		u, _ := url.Parse(c.LLMURL)
		s.LanguageModel = fmt.Sprintf("%s at %s", c.LLMModel, u.Host)
	}
	return s
}

// AI is the running AI features.
type AI struct {
	Trainer *triage.Trainer // nil when triage is off
	index   atomic.Pointer[advice.Index]
	llm     *chat.Client

	// measured caches the figures of the last model measured: the public
	// page must not run the evaluation on every request.
	mu       sync.Mutex
	measured *triage.Model
	figs     []triage.Figure
}

func (ai *AI) figures(m *triage.Model) []triage.Figure {
	ai.mu.Lock()
	defer ai.mu.Unlock()
	if ai.measured != m {
		ai.measured, ai.figs = m, triage.Measure(m)
	}
	return ai.figs
}

// registerAI prepares the triage trainer (RunAI trains it in the
// background), indexes the published pages and registers the pages.
func (p *Platform) registerAI() error {
	c := p.Config.AI
	if err := c.Validate(); err != nil {
		return err
	}
	p.AI = &AI{}
	if c.Triage {
		p.AI.Trainer = triage.NewTrainer(p.aiServices, p.Store, time.Now)
		p.AI.Trainer.Trained = func(m *triage.Model, err error) {
			if err != nil {
				p.Log.Error("triage model not retrained: the running one stays", "err", err)
				return
			}
			p.Log.Info("triage model retrained", "model", m.Describe())
		}
	}
	if err := p.AI.reindex(c, p.aiServices()); err != nil {
		return err
	}
	if c.LLMURL != "" {
		p.AI.llm = &chat.Client{BaseURL: c.LLMURL, Model: c.LLMModel, APIKey: c.LLMKey, Timeout: c.LLMTimeout, DailyLimit: c.LLMDailyLimit}
	}
	return webadvice.Register(p.Web, p.aiDeps())
}

// reindex rebuilds the advice index from the service pages and the content folder.
func (ai *AI) reindex(c AIConfig, defs []*service.Definition) error {
	sources := advice.FromDefinitions(defs, service.AudiencePublic)
	if c.AdviceContent != "" {
		more, err := advice.LoadFolder(os.DirFS(c.AdviceContent))
		if err != nil {
			return fmt.Errorf("--advice-content: %w", err)
		}
		sources = append(sources, more...)
	}
	ai.index.Store(advice.NewIndex(sources))
	return nil
}

// aiServices are the current services the AI features may use: all but
// those an administrator excluded.
func (p *Platform) aiServices() []*service.Definition {
	return slices.DeleteFunc(p.Registry.Load().All(), func(d *service.Definition) bool {
		return slices.Contains(p.Config.AI.Exclude, d.ID)
	})
}

// AIReloaded retrains and reindexes after the definitions were reloaded.
func (p *Platform) AIReloaded() {
	if p.AI.Trainer != nil {
		p.AI.Trainer.Kick()
	}
	if err := p.AI.reindex(p.Config.AI, p.aiServices()); err != nil {
		p.Log.Error("advice content not reloaded: the running index stays", "err", err)
	}
}

// RunAI trains the triage model, then retrains it on every correction and
// reload, until ctx ends.
func (p *Platform) RunAI(ctx context.Context) {
	if p.AI.Trainer != nil {
		p.AI.Trainer.Run(ctx)
	}
}

func (p *Platform) aiDeps() webadvice.Deps {
	c := p.Config.AI
	d := webadvice.Deps{Services: p.Registry, Triage: p.AI.Trainer, Log: p.Store, Cases: p.Cases,
		GeneralEnquiryURL: c.GeneralEnquiryURL, Logger: p.Log, Transparency: p.transparency}
	if c.Advice {
		d.Advice = p.AI.index.Load
	}
	if p.AI.llm != nil {
		d.Generate = p.AI.generate
	}
	return d
}

// generate asks the language model to answer from the quoted passages only,
// with personal data patterns removed from the question, and refuses an
// answer that strays from them.
func (ai *AI) generate(ctx context.Context, question string, quotes []advice.Passage) (string, error) {
	system, user := advice.Prompt(triage.Redact(question), quotes)
	answer, err := ai.llm.Complete(ctx, []chat.Message{{Role: "system", Content: system}, {Role: "user", Content: user}})
	if err != nil {
		return "", err
	}
	answer = strings.TrimSpace(answer)
	if err := advice.Grounded(answer, quotes); err != nil {
		return "", err
	}
	return answer, nil
}

// transparency builds the algorithmic transparency record from what is on.
func (p *Platform) transparency() triage.ATRS {
	rec := triage.ATRS{Generated: p.now(), Setup: p.Config.AI.Setup()}
	if p.AI.Trainer != nil && p.AI.Trainer.Model() != nil {
		m := p.AI.Trainer.Model()
		rec.Model, rec.Figures = m.Describe(), p.AI.figures(m)
	}
	return rec
}
