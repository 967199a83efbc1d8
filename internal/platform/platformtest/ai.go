package platformtest

import (
	"context"
)

// Trained switches the AI features on (service suggestions, routing help
// and advice quoted from the council's pages in content, a folder as
// --advice-content takes; "" for the service pages only) and trains the
// triage model before the test starts, as serve's RunAI does in the
// background, so that the first question is answered by a model.
func Trained(content string) Option {
	return func(o *options) {
		o.trained = true
		o.cfg.AI.Triage, o.cfg.AI.Advice, o.cfg.AI.AdviceContent = true, true, content
	}
}

func (p *Platform) train() {
	p.T.Helper()
	if _, err := p.AI.Trainer.Retrain(context.Background()); err != nil {
		p.T.Fatalf("platformtest: training the triage model: %v", err)
	}
}
