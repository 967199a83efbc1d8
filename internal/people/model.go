package people

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"

	"github.com/guildhall-platform/guildhall/internal/fault"
	"github.com/guildhall-platform/guildhall/internal/linkage"
)

// DefaultFitSample is how many records the model is estimated on at most:
// a uniform sample, read a page at a time, so estimating takes the same
// memory at a million records as at a hundred thousand.
const DefaultFitSample = 100_000

// fitPage is how many records one read of the sample scan takes.
const fitPage = 5000

// ensureModel loads the stored model, or estimates it again when there is
// none, the settings changed, a full run was asked for, or the records have
// doubled since it was estimated. A new estimate changes every score, so
// every record then waits to be linked again (in batches); as records
// double between estimates, that work is at most twice the records ever
// added. It reports whether it estimated.
func (l *linkRun) ensureModel(ctx context.Context, full bool) (bool, error) {
	fp := fingerprint(l.settings)
	stored, err := l.s.Store.LinkModel(ctx)
	found := err == nil
	if err != nil && !errors.Is(err, fault.NotFound) {
		return false, err
	}
	n, err := l.s.Store.RecordCount(ctx)
	if err != nil {
		return false, err
	}
	if found && !full && stored.Settings == fp && (n < 2*stored.Records || n < 2) {
		l.params = stored.Params
		return false, nil
	}
	sample, err := l.sample(ctx, l.s.fitSample())
	if err != nil {
		return false, err
	}
	l.params = nil
	if len(sample) >= 2 {
		m, err := linkage.Estimate(ctx, linkRecords(sample), l.settings)
		if err != nil {
			return false, err
		}
		if p := m.Params(); usable(p) {
			l.params = p
		}
	}
	m := StoredModel{Settings: fp, Params: l.params, Records: n, FittedAt: l.s.now()}
	l.s.logger().Info("people linkage model estimated", "records", n, "sample", len(sample), "relink_all", found || full)
	return true, l.s.Store.SaveLinkModel(ctx, m, found || full, found && stored.Settings != fp)
}

// sample reads every record once, in pages, keeping a uniform sample of at
// most size (reservoir sampling, fixed seed: the same records give the
// same sample).
func (l *linkRun) sample(ctx context.Context, size int) ([]Record, error) {
	rng := rand.New(rand.NewPCG(1, 2))
	var out []Record
	seen := 0
	for after := int64(0); ; {
		page, err := l.s.Store.RecordsAfter(ctx, after, fitPage)
		if err != nil || len(page) == 0 {
			return out, err
		}
		for _, r := range page {
			if len(out) < size {
				out = append(out, r)
			} else if j := rng.IntN(seen + 1); j < size {
				out[j] = r
			}
			seen++
		}
		after = page[len(page)-1].ID
	}
}

// usable reports whether estimated parameters are finite and proper (a
// handful of records can leave EM with nothing to go on).
func usable(p *linkage.Params) bool {
	if !(p.Lambda > 0 && p.Lambda < 1) {
		return false
	}
	for _, c := range p.Comparisons {
		for l := 1; l < len(c.M); l++ {
			for _, v := range []float64{c.M[l], c.U[l], c.URandom[l]} {
				if math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
					return false
				}
			}
		}
	}
	return true
}

// fingerprint identifies the settings that shape a model and the stored
// blocking keys; any change estimates again and rewrites every key.
func fingerprint(s linkage.Settings) string {
	b, _ := json.Marshal(struct {
		C                    []linkage.Comparison
		B                    []linkage.BlockingRule
		T, CT, CD            float64
		E                    string
		MaxBlock, U, EMIters int
		Seed                 uint64
	}{s.Comparisons, s.Blocking, s.Threshold, s.ClusterThreshold, s.ClusterDensity, s.Estimation, s.MaxBlock, s.USamples, s.EMIterations, s.Seed})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

func (s *Service) fitSample() int {
	if s.FitSample > 0 {
		return s.FitSample
	}
	return DefaultFitSample
}

// linkSettings are the linkage settings in force, with their defaults.
func (s *Service) linkSettings() linkage.Settings {
	st := DefaultSettings()
	if s.Settings != nil {
		st = *s.Settings
	}
	st.Progress, st.Blocked, st.Params, st.Focus = nil, nil, nil, 0
	if st.MaxBlock <= 0 {
		st.MaxBlock = linkage.DefaultMaxBlock
	}
	return st
}
