package browsertest

import (
	"context"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// SetGeolocation makes the tab's browser report it is at (lat, lng), with
// the person's permission already given, as a phone would when "Use my
// location" is pressed; the page's Permissions-Policy still decides.
func (p *Page) SetGeolocation(lat, lng float64) {
	p.T.Helper()
	p.Do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: "geolocation"}, Setting: browser.PermissionSettingGranted,
			BrowserContextID: chromedp.FromContext(ctx).BrowserContextID})
		if err != nil {
			return err
		}
		accuracy := 5.0
		_, err = chromedp.Call(ctx, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{Latitude: &lat, Longitude: &lng, Accuracy: &accuracy})
		return err
	}))
}
