#!/usr/bin/env bash
# tools/lighthouse/run.sh: Lighthouse (pinned in package.json) on the overview, an indicator page, the targets
# page and a Chinese indicator page, mobile and desktop, against the built-in dataset in a throw-away
# PostgreSQL on a free loopback port. Prints each score and the performance metrics; fails when accessibility,
# best practices or SEO is below 100 or performance below 95. `make lighthouse` runs it (docs/lighthouse.md
# records the runs). Performance moves with the machine's load, so `make test` does not run this: its
# TestLighthouse (dashboard, with check.mjs) asserts the other three categories only.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=bin/dualcarbon
LH=tools/lighthouse/node_modules/.bin/lighthouse
export CHROME_PATH="${CHROME_PATH:-$(command -v chromium)}"
work=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  "$BIN" cluster stop -dir "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
export DATABASE_URL="$("$BIN" cluster start -dir "$work/pg")"
"$BIN" migrate up >/dev/null
"$BIN" seed >/dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"$BIN" serve -addr "127.0.0.1:$port" -public-url "$base" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -fs "$base/readyz" >/dev/null 2>&1 && break; sleep 0.2; done

fail=0
printf '%-44s %-8s %5s %5s %5s %5s\n' page form perf a11y bp seo
for page in ${PAGES:-"/?lang=en" "/indicators/non_fossil_share?lang=en" "/targets?lang=en" "/indicators/non_fossil_share?lang=zh"}; do
  for form in mobile desktop; do
    preset=()
    [ "$form" = desktop ] && preset=(--preset=desktop)
    out="$work/lh.json"
    "$LH" "$base$page" "${preset[@]}" --quiet --output=json --output-path="$out" \
      --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" >/dev/null 2>&1
    read -r perf a11y bp seo < <(node 2>"$work/metrics" -e '
      const r = require(process.argv[1]); const c = r.categories;
      const s = k => Math.round(c[k].score * 100);
      console.log(s("performance"), s("accessibility"), s("best-practices"), s("seo"));
      const m = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"];
      console.error("  " + m.map(k => k.split("-").map(w => w[0]).join("") + " " + r.audits[k].displayValue).join(", "));
      for (const k of ["accessibility", "best-practices", "seo"]) for (const ref of c[k].auditRefs) {
        const a = r.audits[ref.id]; if (ref.weight > 0 && a.score !== null && a.score < 1) console.error("  " + k + ": " + a.id + " " + a.title);
      }' "$out")
    printf '%-44s %-8s %5s %5s %5s %5s\n' "$page" "$form" "$perf" "$a11y" "$bp" "$seo"
    cat "$work/metrics"
    if [ "$perf" -lt 95 ] || [ "$a11y" -lt 100 ] || [ "$bp" -lt 100 ] || [ "$seo" -lt 100 ]; then fail=1; fi
  done
done
exit $fail
