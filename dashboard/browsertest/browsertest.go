// Package browsertest starts the Debian Chromium, headless, for tests that drive the dashboard in a real
// browser (`make deps` installs it):
//
//	ctx := browsertest.New(t, time.Minute)
//	chromedp.Run(ctx, chromedp.Navigate(url), ...)
package browsertest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Chromium is where Debian's chromium package puts the browser.
const Chromium = "/usr/bin/chromium"

// Options are the flags that work on these machines (as root, with no network beyond loopback): without the
// background-networking ones Chromium keeps trying to reach Google's hosts. profile is a new, empty directory.
func Options(profile string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(Chromium),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 1000),
	}
}

// New starts a browser that the end of the test closes, and returns its context, bounded by timeout.
// opts are passed to chromedp.NewContext (e.g. chromedp.WithListener to see every request).
func New(t testing.TB, timeout time.Duration, opts ...chromedp.ContextOption) context.Context {
	t.Helper()
	if _, err := os.Stat(Chromium); err != nil {
		t.Fatalf("%s not found: `make deps` installs Chromium (apt-get install chromium): %v", Chromium, err)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), Options(t.TempDir())...)
	ctx, cancelCtx := chromedp.NewContext(actx, opts...)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser; it lives as long as ctx
		t.Fatalf("start Chromium: %v", err)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	t.Cleanup(cancel)
	return ctx
}
