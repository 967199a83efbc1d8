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
	"github.com/guildhall-platform/guildhall/internal/audit"
	"github.com/guildhall-platform/guildhall/internal/cases"
	"github.com/guildhall-platform/guildhall/internal/chat"
	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/lang"
	"github.com/guildhall-platform/guildhall/internal/records"
	"github.com/guildhall-platform/guildhall/internal/service"
	"github.com/guildhall-platform/guildhall/internal/triage"
	"github.com/guildhall-platform/guildhall/internal/web"
	webadvice "github.com/guildhall-platform/guildhall/internal/web/advice"
)

// AIConfig configures the AI features (docs/ai.md).
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
	// never routed to, their pages never quoted, never drafted for.
	Exclude []string
	// Off switches one feature off for one service, as feature:service
	// entries (e.g. draft:subject-access-request); see On.
	Off []string
	// PersonalData lists services whose prompts to the language model may
	// keep personal data. For every other service, emails, phone numbers,
	// postcodes and other identifying numbers are removed first.
	PersonalData []string
}

// On says whether the configuration lets feature be used with service id:
// not when the service is excluded from every feature, nor when --ai-off
// switches that feature off for it. Platform.AIOn adds the switches an
// administrator set in the workspace, and is what every feature asks.
func (c AIConfig) On(feature, id string) bool {
	return !slices.Contains(c.Exclude, id) && !slices.Contains(c.Off, feature+":"+id)
}

// Validate checks the language model's address when one is given, and that
// every --ai-off entry names a feature and a service.
func (c AIConfig) Validate() error {
	for _, o := range c.Off {
		feature, id, ok := strings.Cut(o, ":")
		if !ok || id == "" || !slices.Contains(triage.Features, feature) {
			return fmt.Errorf("--ai-off %q: want feature:service, the feature one of %s", o, strings.Join(triage.Features, ", "))
		}
	}
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
	s := triage.Setup{Triage: c.Triage, Routing: c.Triage, Advice: c.Advice, Excluded: c.Exclude, Off: c.Off}
	if c.LLMURL != "" {
		s.Drafts = true
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
	// disclosures are the disclosure log's entries as advice sources.
	disclosures []advice.Source
	// content is the --advice-content folder as last read (loadContent).
	content []advice.Source
	// switchedOff holds the administrators' switches, "feature:service"
	// keys, as last read from the store (see RefreshAISwitches).
	switchedOff atomic.Pointer[map[string]triage.Switch]
}

// aiSwitchesEvery is how often each node reads the administrators' AI
// switches again: a feature switched off on one node stops on every node
// within this time (at once on the node where it was switched).
const aiSwitchesEvery = 15 * time.Second

// AIOn says whether feature may be used with service id: the
// configuration allows it (AIConfig.On) and no administrator has switched
// it off in the workspace. It is the one place that decides.
func (p *Platform) AIOn(feature, id string) bool {
	if !p.Config.AI.On(feature, id) {
		return false
	}
	if p.AI == nil {
		return true
	}
	_, off := p.AI.switches()[feature+":"+id]
	return !off
}

// switches are the administrators' switches last read.
func (ai *AI) switches() map[string]triage.Switch {
	if m := ai.switchedOff.Load(); m != nil {
		return *m
	}
	return nil
}

// RefreshAISwitches reads the administrators' switches from the store, and
// rebuilds the advice index when the advice switches changed (a service's
// pages switched off must stop being quoted).
func (p *Platform) RefreshAISwitches(ctx context.Context) error {
	adviceChanged, err := p.readAISwitches(ctx)
	if err != nil || !adviceChanged {
		return err
	}
	if err := p.AI.reindex(p.AIOn, p.Config.AI, p.aiServices()); err != nil {
		p.Log.Error("advice content not reloaded: the running index stays", "err", err)
	}
	return nil
}

// readAISwitches replaces the switches held with the store's, and says
// whether the advice ones changed.
func (p *Platform) readAISwitches(ctx context.Context) (adviceChanged bool, err error) {
	list, err := p.Store.AISwitchedOff(ctx)
	if err != nil {
		return false, err
	}
	m := make(map[string]triage.Switch, len(list))
	for _, sw := range list {
		m[sw.Feature+":"+sw.ServiceID] = sw
	}
	old := p.AI.switchedOff.Swap(&m)
	return old == nil || adviceSwitches(*old) != adviceSwitches(m), nil
}

// adviceSwitches is a comparable summary of the advice switches.
func adviceSwitches(m map[string]triage.Switch) string {
	var keys []string
	for k, sw := range m {
		if sw.Feature == triage.FeatureAdvice {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return strings.Join(keys, " ")
}

// SwitchAI switches an AI feature on or off for a service, audited, and
// applies it on this node at once (other nodes within aiSwitchesEvery).
func (p *Platform) SwitchAI(ctx context.Context, actor, feature, serviceID string, on bool) error {
	if !slices.Contains(triage.Features, feature) || !has(p.Registry.Load(), serviceID) {
		return fault.New(fault.NotFound, "no AI feature %q for service %q", feature, serviceID)
	}
	if _, err := p.Store.SwitchAI(ctx, feature, serviceID, on, audit.Entry{Actor: actor, Action: AuditAISwitch}); err != nil {
		return err
	}
	return p.RefreshAISwitches(ctx)
}

// AISwitches lists the features administrators have switched off, with
// the name of who switched each.
func (p *Platform) AISwitches(ctx context.Context) ([]triage.Switch, error) {
	list, err := p.Store.AISwitchedOff(ctx)
	if err != nil || len(list) == 0 {
		return list, err
	}
	ids := make([]string, len(list))
	for i, sw := range list {
		ids[i] = sw.By
	}
	names, err := p.Auth.Names(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].ByName = names[list[i].By]
	}
	return list, nil
}

// AuditAISwitch is the audit action of an AI feature switched on or off.
const AuditAISwitch = "ai.switch"

// keepAISwitches reads the switches every aiSwitchesEvery until ctx ends.
func (p *Platform) keepAISwitches(ctx context.Context) {
	t := time.NewTicker(aiSwitchesEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := p.RefreshAISwitches(ctx); err != nil && ctx.Err() == nil {
			p.Log.Error("AI switches not re-read: the ones read before stay", "err", err)
		}
	}
}

// adviceDisclosures is how many of the newest disclosure log entries the
// advice index quotes: enough for years of a district council's FOI
// responses, bounded so the index stays in memory comfortably.
const adviceDisclosures = 5000

// adviceRefreshEvery is how often the disclosure log is read again for the
// advice index: a response published now can be quoted within minutes.
const adviceRefreshEvery = 10 * time.Minute

// RefreshAdvice reads the disclosure log's newest entries (already
// redacted: requesters are never named) as advice sources, for the services
// whose advice is on, and rebuilds the index.
func (p *Platform) RefreshAdvice(ctx context.Context) error {
	if p.OpenData == nil || !p.Config.AI.Advice {
		return nil
	}
	page, err := p.OpenData.Disclosures(ctx, "", 1, adviceDisclosures)
	if err != nil {
		return err
	}
	var sources []advice.Source
	for _, e := range page.Entries {
		if !p.AIOn(triage.FeatureAdvice, e.ServiceID) {
			continue
		}
		sources = append(sources, advice.Source{Title: "Disclosure log: " + e.ServiceName + " " + e.Ref,
			URL: "/disclosure-log/" + e.Ref, Text: e.Request + "\n\n" + e.Response})
	}
	p.AI.mu.Lock()
	p.AI.disclosures = sources
	p.AI.mu.Unlock()
	return p.AI.reindex(p.AIOn, p.Config.AI, p.aiServices())
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
	if err := p.checkAIServices(); err != nil {
		return err
	}
	if _, err := p.readAISwitches(context.Background()); err != nil {
		return err
	}
	if err := p.AI.loadContent(c); err != nil {
		return err
	}
	if err := p.AI.reindex(p.AIOn, c, p.aiServices()); err != nil {
		return err
	}
	if c.LLMURL != "" {
		p.AI.llm = &chat.Client{BaseURL: c.LLMURL, Model: c.LLMModel, APIKey: c.LLMKey, Timeout: c.LLMTimeout, DailyLimit: c.LLMDailyLimit}
	}
	return webadvice.Register(p.Web, p.aiDeps())
}

// checkAIServices refuses an --ai-off or --llm-personal-data entry naming
// a service that is not loaded, so a typing mistake cannot leave a feature on.
func (p *Platform) checkAIServices() error {
	cat := p.Registry.Load()
	for _, o := range p.Config.AI.Off {
		if _, id, _ := strings.Cut(o, ":"); !has(cat, id) {
			return fmt.Errorf("--ai-off %q: no service %q is loaded", o, id)
		}
	}
	for _, id := range p.Config.AI.PersonalData {
		if !has(cat, id) {
			return fmt.Errorf("--llm-personal-data %q: no such service is loaded", id)
		}
	}
	return nil
}

func has(cat *service.Catalog, id string) bool { _, ok := cat.Get(id); return ok }

// reindex rebuilds the advice index from the service pages the advice
// feature may quote, the content folder and the disclosure log entries
// last read (see RefreshAdvice).
func (ai *AI) reindex(on func(feature, id string) bool, c AIConfig, defs []*service.Definition) error {
	defs = slices.DeleteFunc(slices.Clone(defs), func(d *service.Definition) bool { return !on(triage.FeatureAdvice, d.ID) })
	sources := advice.FromDefinitions(defs, service.AudiencePublic)
	ai.mu.Lock()
	sources = append(sources, ai.disclosures...)
	sources = append(sources, ai.content...)
	ai.mu.Unlock()
	ai.index.Store(advice.NewIndex(sources))
	return nil
}

// loadContent reads the --advice-content folder, its pages and published
// documents, at start-up and on a reload (SIGHUP) only: reading a PDF
// runs pdftotext, too slow to repeat at every disclosure log refresh or
// switch change, which reindex from what was read here.
func (ai *AI) loadContent(c AIConfig) error {
	if c.AdviceContent == "" {
		return nil
	}
	content, err := advice.LoadFolder(context.Background(), os.DirFS(c.AdviceContent), publishedText)
	if err != nil {
		return fmt.Errorf("--advice-content: %w", err)
	}
	ai.mu.Lock()
	ai.content = content
	ai.mu.Unlock()
	return nil
}

// publishedText reads a published document in the advice content folder
// as the records search reads an uploaded one: PDF through pdftotext (and
// OCR for a scan), Word and OpenDocument from their XML. A missing tool
// leaves the document without words rather than stopping the platform.
func publishedText(ctx context.Context, contentType string, data []byte) (string, error) {
	text, err := (&records.Extractor{}).Text(ctx, contentType, data)
	if errors.Is(err, records.ErrNoTool) {
		return "", nil
	}
	return text, err
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
	if err := p.AI.loadContent(p.Config.AI); err != nil {
		p.Log.Error("advice content not reloaded: the pages read before stay", "err", err)
	}
	if err := p.AI.reindex(p.AIOn, p.Config.AI, p.aiServices()); err != nil {
		p.Log.Error("advice index not rebuilt: the running index stays", "err", err)
	}
}

// RunAI trains the triage model, then retrains it on every correction and
// reload, until ctx ends; it returns once the disclosure log and the AI
// switches are no longer being read, so its caller may close the store.
func (p *Platform) RunAI(ctx context.Context) {
	var keep sync.WaitGroup
	defer keep.Wait()
	keep.Go(func() { p.keepDisclosures(ctx) })
	keep.Go(func() { p.keepAISwitches(ctx) })
	if p.AI.Trainer != nil {
		p.AI.Trainer.Run(ctx)
	}
}

func (p *Platform) aiDeps() webadvice.Deps {
	c := p.Config.AI
	d := webadvice.Deps{Services: p.Registry, Triage: p.AI.Trainer, Log: p.Store, Cases: p.Cases,
		GeneralEnquiryURL: c.GeneralEnquiryURL, Logger: p.Log, Transparency: p.transparency, On: p.AIOn, Switches: p}
	if c.Advice {
		d.Advice = p.AI.index.Load
	}
	if p.People != nil {
		d.SamePerson = p.People.SamePersonOpenCases
	}
	if p.AI.llm != nil {
		d.Generate = p.AI.generate
		d.Drafter = drafter{p}
	}
	return d
}

// generate asks the language model to answer in language l from the quoted passages only,
// with personal data patterns removed from the question, and refuses an
// answer that strays from them.
func (ai *AI) generate(ctx context.Context, l lang.Tag, question string, quotes []advice.Passage) (string, error) {
	system, user := advice.Prompt(l, triage.Redact(question), quotes)
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
	// The record says what is in use: the administrators' switches too.
	for key := range p.AI.switches() {
		if !slices.Contains(rec.Setup.Off, key) {
			rec.Setup.Off = append(rec.Setup.Off, key)
		}
	}
	slices.Sort(rec.Setup.Off)
	if p.AI.Trainer != nil && p.AI.Trainer.Model() != nil {
		m := p.AI.Trainer.Model()
		rec.Model, rec.Figures = m.Describe(), p.AI.figures(m)
	}
	return rec
}

// aiCaseTools are the AI area's links for a case an officer may work: routing
// help when triage is on, a drafted reply when a language model is set;
// each only where the feature is on for the case's service.
func (p *Platform) aiCaseTools(c cases.Case) []web.NavItem {
	var out []web.NavItem
	if p.AI == nil {
		return nil
	}
	q := "?case=" + url.QueryEscape(c.Ref)
	if p.AI.Trainer != nil && p.AIOn(triage.FeatureRouting, c.ServiceID) {
		out = append(out, web.NavItem{Text: "Suggest which service should deal with this case", Href: webadvice.PathRoute + q})
	}
	if p.AI.llm != nil && p.AIOn(triage.FeatureDraft, c.ServiceID) {
		out = append(out, web.NavItem{Text: "Draft a reply with the language model", Href: webadvice.PathDraft + q})
	}
	return out
}

// keepDisclosures refreshes the advice index's disclosure log entries now
// and every adviceRefreshEvery until ctx ends. A failed read keeps the
// entries already indexed.
func (p *Platform) keepDisclosures(ctx context.Context) {
	t := time.NewTicker(adviceRefreshEvery)
	defer t.Stop()
	for {
		if err := p.RefreshAdvice(ctx); err != nil && ctx.Err() == nil {
			p.Log.Error("disclosure log not re-read for advice: the entries indexed stay", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
