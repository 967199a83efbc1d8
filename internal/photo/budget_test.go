package photo

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"testing"
	"time"
)

// TestCleanWaitsForPixels: a photo is not decoded while the pixels decoding
// at once would pass MaxPixels; it is cleaned as soon as they are free.
func TestCleanWaitsForPixels(t *testing.T) {
	var file bytes.Buffer
	if err := png.Encode(&file, image.NewGray(image.Rect(0, 0, 40, 30))); err != nil {
		t.Fatal(err)
	}
	// Others' pictures hold all but 1,199 of the pixels: this one needs 1,200.
	if err := pixelsAtOnce.Acquire(context.Background(), MaxPixels-1199); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := Clean(bytes.NewReader(file.Bytes()))
		done <- err
	}()
	select {
	case err := <-done:
		pixelsAtOnce.Release(MaxPixels - 1199)
		t.Fatalf("Clean returned (%v) while the pixels it needs were taken", err)
	case <-time.After(200 * time.Millisecond):
	}
	pixelsAtOnce.Release(MaxPixels - 1199)
	if err := <-done; err != nil {
		t.Fatalf("Clean after the pixels were freed: %v", err)
	}
}
