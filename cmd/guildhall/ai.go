package main

import (
	"flag"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/platform"
)

// bindAI registers the flags of the AI features (docs/ai.md). The models run
// in the binary and are on by default; a language model is off unless its
// address is given.
func (c *config) bindAI(fs *flag.FlagSet, getenv func(string) string) { bindAIFlags(fs, getenv, &c.AI) }

func bindAIFlags(fs *flag.FlagSet, getenv func(string) string, c *platform.AIConfig) {
	def := platform.Defaults().AI
	boolean(fs, getenv, &c.Triage, "ai-triage", "GUILDHALL_AI_TRIAGE", def.Triage, "suggest services from residents' own words at /ask and help officers route enquiries (a model inside Guildhall; no text leaves the machine)")
	boolean(fs, getenv, &c.Advice, "ai-advice", "GUILDHALL_AI_ADVICE", def.Advice, "answer residents' questions at /ask by quoting the council's published pages")
	str(fs, getenv, &c.AdviceContent, "advice-content", "GUILDHALL_ADVICE_CONTENT", "", "folder of the council's published pages (*.md, *.txt; first line # Title, a line URL: …) and documents (*.pdf, *.docx, *.odt, each with a NAME.about file holding its # Title and URL: lines) that answers quote (reloaded on SIGHUP); the service pages are always included")
	str(fs, getenv, &c.GeneralEnquiryURL, "general-enquiry-url", "GUILDHALL_GENERAL_ENQUIRY_URL", "", "where a resident goes when no service fits (empty: the list of services)")
	str(fs, getenv, &c.LLMURL, "llm-url", "GUILDHALL_LLM_URL", "", "OpenAI-compatible chat completions endpoint, up to before /chat/completions (https://host/v1); empty means no language model (the default)")
	str(fs, getenv, &c.LLMModel, "llm-model", "GUILDHALL_LLM_MODEL", "", "the language model's name at --llm-url")
	str(fs, getenv, &c.LLMKey, "llm-api-key", "GUILDHALL_LLM_API_KEY", "", "API key for --llm-url")
	num(fs, getenv, &c.LLMDailyLimit, "llm-daily-limit", "GUILDHALL_LLM_DAILY_LIMIT", def.LLMDailyLimit, "most calls a day to the language model, to bound cost")
	list(fs, getenv, &c.Exclude, "ai-exclude-services", "GUILDHALL_AI_EXCLUDE_SERVICES", "service ids, comma-separated, that the AI features leave alone: never suggested or routed to, their pages never quoted")
	list(fs, getenv, &c.Off, "ai-off", "GUILDHALL_AI_OFF", "feature:service pairs, comma-separated, each switching one AI feature (triage, routing, advice, draft) off for one service, e.g. draft:subject-access-request")
	list(fs, getenv, &c.PersonalData, "llm-personal-data", "GUILDHALL_LLM_PERSONAL_DATA", "service ids, comma-separated, whose draft prompts may keep personal data; for all others emails, phone numbers, postcodes and identifying numbers are removed before a prompt leaves the machine")
	dur(fs, getenv, &c.LLMTimeout, "llm-timeout", "GUILDHALL_LLM_TIMEOUT", def.LLMTimeout, "time allowed for one language model call (two retries follow a timeout or overload)")
}

// list registers a comma-separated flag as a slice.
func list(fs *flag.FlagSet, getenv func(string) string, p *[]string, name, env, usage string) {
	fs.Func(name, usage+" ($"+env+")", func(v string) error {
		*p = nil
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				*p = append(*p, s)
			}
		}
		return nil
	})
	withEnv(fs, getenv, name, env)
}
