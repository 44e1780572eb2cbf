// check.mjs BASE PATH...: Lighthouse (pinned in package.json) on each page under BASE, mobile and desktop,
// all runs in one headless Chromium, scoring only the categories that do not depend on the machine's speed:
// accessibility, best practices and SEO. Performance is speed: `make lighthouse` (run.sh) measures it and
// docs/lighthouse.md records it; no test asserts it.
//
// Prints one JSON object per run on stdout, {page, form, scores: {category: 0-100}, failing: ["audit-id: title"]},
// and exits 0; the caller (dashboard/lighthouse_browser_test.go) decides what fails. Exits 1 only when Lighthouse
// or Chromium cannot run. Chromium is the installed one (CHROME_PATH), started and stopped here.
import lighthouse, { desktopConfig } from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const categories = ['accessibility', 'best-practices', 'seo'];
const [base, ...pages] = process.argv.slice(2);
if (!base || pages.length === 0) {
  console.error('usage: node check.mjs BASE PATH...');
  process.exit(2);
}

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  logLevel: 'silent',
});
let status = 0;
try {
  for (const page of pages) {
    for (const form of ['mobile', 'desktop']) {
      // No full-page screenshot (only the HTML report shows it; it costs seconds on a long page).
      const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories, disableFullPageScreenshot: true };
      const started = Date.now();
      const result = await lighthouse(base + page, flags, form === 'desktop' ? desktopConfig : undefined);
      const lhr = result.lhr;
      if (lhr.runtimeError) {
        throw new Error(`${page} ${form}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      }
      const scores = {};
      const failing = [];
      for (const c of categories) {
        const cat = lhr.categories[c];
        scores[c] = cat.score === null ? null : Math.round(cat.score * 100);
        for (const ref of cat.auditRefs) {
          const a = lhr.audits[ref.id];
          if (ref.weight > 0 && a.score !== null && a.score < 1) {
            failing.push(`${c}: ${a.id}: ${a.title}`);
          }
        }
      }
      console.log(JSON.stringify({ page, form, scores, failing, warnings: lhr.runWarnings, seconds: (Date.now() - started) / 1000 }));
    }
  }
} catch (err) {
  console.error(String(err && err.stack || err));
  status = 1;
} finally {
  await chrome.kill();
}
process.exit(status);
