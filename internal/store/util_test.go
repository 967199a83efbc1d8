package store_test

import "bytes"

type bytesBuffer struct{ bytes.Buffer }

func (b *bytesBuffer) lines() int { return bytes.Count(b.Bytes(), []byte("\n")) }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
