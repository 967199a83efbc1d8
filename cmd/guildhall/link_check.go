package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/guildhall-platform/guildhall/internal/linkage"
)

// checkLinkInputs refuses, before anything is compared, input the run
// would get wrong: a column the configuration uses that a file lacks, a
// --truth column a file lacks, or a --truth-pattern that does not match a
// value. Messages name file:line. It returns the ground-truth labels of
// the records linked (left then right), or nil without --truth.
func checkLinkInputs(lf linkFlags, cfg *linkage.Config, left, right *linkage.Records) ([]string, error) {
	files := []struct {
		path string
		recs *linkage.Records
	}{{lf.left, left}, {lf.right, right}}
	var truth []string
	for _, f := range files {
		if f.recs == nil {
			continue
		}
		for _, use := range cfg.Columns() {
			if !slices.Contains(f.recs.Columns, use.Column) {
				return nil, fmt.Errorf("link: %s:%d: %s column %q is not in %s:1 (columns: %s)", lf.config, use.Line,
					use.What, use.Column, f.path, strings.Join(f.recs.Columns, ", "))
			}
		}
		if lf.truth == "" {
			continue
		}
		labels, err := truthLabels(f.path, f.recs, lf.truth, lf.truthPattern)
		if err != nil {
			return nil, err
		}
		truth = append(truth, labels...)
	}
	return truth, nil
}

// truthLabels reads the entity of every record from the truth column,
// through the pattern's first group when one is given.
func truthLabels(path string, recs *linkage.Records, column, pattern string) ([]string, error) {
	col := slices.Index(recs.Columns, column)
	if col < 0 {
		return nil, fmt.Errorf("link: %s:1: --truth column %q is not in the header (columns: %s)", path, column, strings.Join(recs.Columns, ", "))
	}
	var re *regexp.Regexp
	if pattern != "" {
		var err error
		if re, err = regexp.Compile(pattern); err != nil || re.NumSubexp() < 1 {
			return nil, fmt.Errorf("link: --truth-pattern %q needs a regular expression with a group (%v)", pattern, err)
		}
	}
	out := make([]string, recs.Len())
	for i, row := range recs.Rows {
		out[i] = row[col]
		if re == nil {
			continue
		}
		m := re.FindStringSubmatch(row[col])
		if m == nil {
			return nil, fmt.Errorf("link: %s:%d: --truth-pattern %q does not match %s %q: every record needs an entity",
				path, line(recs, i), pattern, column, row[col])
		}
		out[i] = m[1]
	}
	return out, nil
}

// line is record i's line in its file, or 0 when not known.
func line(recs *linkage.Records, i int) int32 {
	if i < len(recs.Lines) {
		return recs.Lines[i]
	}
	return 0
}
