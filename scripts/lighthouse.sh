#!/usr/bin/env bash
# Lighthouse (pinned 12.2.3, mobile preset, Debian's Chromium) on the home, an article, a section,
# a company and a search page of a running site; prints the four scores per page (search results
# are noindex, so their SEO score is exempt).
# Usage: scripts/lighthouse.sh [base-url]   (default http://127.0.0.1:3000, e.g. after `npm start`)
set -euo pipefail
BASE="${1:-http://127.0.0.1:3000}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

home="$(curl -fsS "$BASE/")"
article="$(grep -o 'href="/news/[^"]*"' <<<"$home" | head -1 | cut -d'"' -f2)"
section="$(grep -o 'href="/sections/[^"]*"' <<<"$home" | head -1 | cut -d'"' -f2)"
company="$(curl -fsS "$BASE/companies" | grep -o 'href="/companies/[a-z0-9-]*"' | head -1 | cut -d'"' -f2)"

printf '%-44s %5s %5s %5s %5s\n' page perf a11y bp seo
for path in / "$article" "$section" "$company" "/search?q=charging"; do
  if ! npx -y lighthouse@12.2.3 "$BASE$path" --quiet --output=json --output-path="$OUT/report.json" \
    --chrome-flags="--headless --no-sandbox --disable-gpu" --only-categories=performance,accessibility,best-practices,seo >"$OUT/log" 2>&1; then
    printf '%-44s failed: %s\n' "$path" "$(grep -m1 -i error "$OUT/log" || tail -1 "$OUT/log")"
    continue
  fi
  node -e '
    const r = require(process.argv[1]);
    const s = (k) => Math.round(r.categories[k].score * 100);
    console.log(process.argv[2].padEnd(44).slice(0, 44), ...["performance", "accessibility", "best-practices", "seo"].map((k) => String(s(k)).padStart(5)));
  ' "$OUT/report.json" "$path"
done
