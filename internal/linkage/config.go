package linkage

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
)

// Config is the YAML form of a linkage run, as read by `guildhall link --config`.
//
//	id: rec_id                  # identifier column, never compared
//	threshold: 0.5              # match probability for a pair to be reported
//	cluster_threshold: 0.99     # probability at which one pair joins clusters alone
//	max_block: 5000             # blocks of more records are not compared (reported)
//	comparisons:
//	  - {column: surname, kind: jaro_winkler, thresholds: [0.92, 0.8], term_frequency: true}
//	  - {column: date_of_birth, kind: date}
//	blocking:                   # rules are unioned
//	  - [surname, date_of_birth]
//	  - ["soundex(given_name)", "prefix(postcode,3)"]
type Config struct {
	// ID names the identifier column.
	ID string `yaml:"id"`
	// Threshold is Settings.Threshold.
	Threshold float64 `yaml:"threshold"`
	// ClusterThreshold is Settings.ClusterThreshold.
	ClusterThreshold float64 `yaml:"cluster_threshold"`
	// ClusterDensity is Settings.ClusterDensity.
	ClusterDensity float64 `yaml:"cluster_density"`
	// Estimation is Settings.Estimation: "sessions" (default) or "candidates".
	Estimation string `yaml:"estimation"`
	// EMIterations is Settings.EMIterations.
	EMIterations int `yaml:"em_iterations"`
	// USamples is Settings.USamples.
	USamples int `yaml:"u_samples"`
	// MaxBlock is Settings.MaxBlock: blocks of more records are not compared.
	MaxBlock int `yaml:"max_block"`
	// Comparisons declare the compared columns.
	Comparisons []ConfigComparison `yaml:"comparisons"`
	// Blocking lists rules, each a list of key parts: "col", "prefix(col,n)" or "soundex(col)".
	Blocking [][]string `yaml:"blocking"`

	data []byte // the YAML it was read from, for Line
}

// ColumnUse is an input column the configuration names, and where.
type ColumnUse struct {
	// Column is the column's name.
	Column string
	// What says how it is used: "id", "comparison" or "blocking".
	What string
	// Line is the line of the YAML naming it (0 when not read from YAML).
	Line int
}

// Columns lists every input column the configuration uses, with the line
// naming it, so that a caller can refuse input lacking one before a run.
func (c *Config) Columns() []ColumnUse {
	out := []ColumnUse{{c.ID, "id", c.line("$.id")}}
	for i, cc := range c.Comparisons {
		out = append(out, ColumnUse{cc.Column, "comparison", c.line(fmt.Sprintf("$.comparisons[%d].column", i))})
	}
	for i, rule := range c.Blocking {
		for j, expr := range rule {
			if p, err := parseKeyPart(expr); err == nil {
				out = append(out, ColumnUse{p.Column, "blocking", c.line(fmt.Sprintf("$.blocking[%d][%d]", i, j))})
			}
		}
	}
	return out
}

// line returns the line of the YAML value at path, or 0.
func (c *Config) line(path string) int {
	p, err := yaml.PathString(path)
	if err != nil || c.data == nil {
		return 0
	}
	n, err := p.ReadNode(bytes.NewReader(c.data))
	if err != nil || n == nil {
		return 0
	}
	return n.GetToken().Position.Line
}

// ConfigComparison is the YAML form of a Comparison.
type ConfigComparison struct {
	// Name labels the comparison (default: the column).
	Name string `yaml:"name"`
	// Column is the compared column.
	Column string `yaml:"column"`
	// Kind is one of the Kind constants' values.
	Kind string `yaml:"kind"`
	// Thresholds grade the levels.
	Thresholds []float64 `yaml:"thresholds"`
	// TermFrequency turns on term-frequency adjustment.
	TermFrequency bool `yaml:"term_frequency"`
	// Nicknames adds a nickname level (jaro_winkler only).
	Nicknames bool `yaml:"nicknames"`
}

// ParseConfig reads a YAML configuration; unknown keys are errors.
// Errors satisfy IsInvalid.
func ParseConfig(data []byte) (*Config, error) {
	var c Config
	if err := yaml.UnmarshalWithOptions(data, &c, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("%w: %s", errSettings, yaml.FormatError(err, false, true))
	}
	if c.ID == "" {
		return nil, fmt.Errorf("%w: config needs an id column", errSettings)
	}
	if _, err := c.Settings(); err != nil {
		return nil, err
	}
	c.data = data
	return &c, nil
}

// Settings converts the configuration; hooks and workers are left for the caller.
func (c *Config) Settings() (Settings, error) {
	s := Settings{Threshold: c.Threshold, ClusterThreshold: c.ClusterThreshold, ClusterDensity: c.ClusterDensity,
		EMIterations: c.EMIterations, USamples: c.USamples, Estimation: c.Estimation, MaxBlock: c.MaxBlock}
	for _, cc := range c.Comparisons {
		if cc.Column == c.ID {
			return s, fmt.Errorf("%w: the id column %q must not be compared", errSettings, c.ID)
		}
		s.Comparisons = append(s.Comparisons, Comparison{Name: cc.Name, Column: cc.Column, Kind: Kind(cc.Kind),
			Thresholds: cc.Thresholds, TermFrequency: cc.TermFrequency, Nicknames: cc.Nicknames})
	}
	for _, rule := range c.Blocking {
		var br BlockingRule
		for _, expr := range rule {
			p, err := parseKeyPart(expr)
			if err != nil {
				return s, err
			}
			if p.Column == c.ID {
				return s, fmt.Errorf("%w: the id column %q must not be a blocking key", errSettings, c.ID)
			}
			br.Parts = append(br.Parts, p)
		}
		s.Blocking = append(s.Blocking, br)
	}
	return s, nil
}

// parseKeyPart reads "col", "prefix(col,n)" or "soundex(col)".
func parseKeyPart(expr string) (KeyPart, error) {
	expr = strings.TrimSpace(expr)
	fn, rest, ok := strings.Cut(expr, "(")
	if !ok {
		return KeyPart{Column: expr}, nil
	}
	args := strings.Split(strings.TrimSuffix(rest, ")"), ",")
	bad := fmt.Errorf("%w: blocking key %q: want col, prefix(col,n) or soundex(col)", errSettings, expr)
	switch {
	case fn == "soundex" && len(args) == 1:
		return KeyPart{Column: strings.TrimSpace(args[0]), Soundex: true}, nil
	case fn == "prefix" && len(args) == 2:
		n, err := strconv.Atoi(strings.TrimSpace(args[1]))
		if err != nil || n < 1 {
			return KeyPart{}, bad
		}
		return KeyPart{Column: strings.TrimSpace(args[0]), Prefix: n}, nil
	}
	return KeyPart{}, bad
}
