/**
 * `npm run bench [-- NAME] [--articles N] [--seconds S] [--connections C] [--images N]`: runs the benchmarks
 * and prints figures with their ratio to a baseline measured in the same run. These machines are
 * noisy: read the ratios, and repeat a run before believing a change of a few percent.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { adsBench } from './ads.ts';
import { alertsBench } from './alerts.ts';
import { articlePageBench } from './article-page.ts';
import { clusterBench } from './cluster.ts';
import { crashBench } from './crash.ts';
import { ghostBench } from './ghost.ts';
import { importBench } from './import.ts';
import { OUT } from './lib.ts';
import { mediaBench } from './media.ts';
import { memoryBench } from './memory.ts';
import { millionBench } from './million.ts';
import { newsletterBench } from './newsletter.ts';
import { pageHitBench } from './page-hit.ts';
import { relatedPublishBench } from './related-publish.ts';
import { searchBench } from './search.ts';
import { sitesBench } from './sites.ts';
import { soakBench } from './soak.ts';
import { wordpressBench } from './wordpress.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    articles: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    // Read by the search benchmark itself (see bench/search.ts).
    'database-url': { type: 'string' },
    // Read by the import benchmark itself (see bench/import.ts).
    into: { type: 'string' },
    compare: { type: 'string' },
    'postgres-only': { type: 'boolean' },
    followers: { type: 'string' },
    fresh: { type: 'boolean' },
    'skip-minisearch': { type: 'boolean' },
    tuning: { type: 'boolean' },
    engines: { type: 'string' },
    port: { type: 'string' },
    queries: { type: 'string' },
    warmup: { type: 'string' },
    beacons: { type: 'string', default: '50000' },
    // Photos rendered by the media benchmark.
    images: { type: 'string', default: '4' },
    // Read by the crash benchmark itself (see bench/crash.ts).
    rounds: { type: 'string' },
    'crash-articles': { type: 'string' },
    // Read by the million benchmark itself (see bench/million.ts); article-page: an existing PostgreSQL site to measure.
    keep: { type: 'boolean' },
    'reuse-url': { type: 'string' },
    'skip-rebuild': { type: 'boolean' },
    // The sites benchmark: how many sites the corpus is split over.
    sites: { type: 'string', default: '2' },
    // article-page and million: keep an earlier run's imported site (bench/.out/site-N.db; the
    // database mh_million_N) instead of importing again.
    reuse: { type: 'boolean' },
    // The wordpress and ghost benchmarks: how many BBC stories are seeded (1,000 and 200 by default).
    stories: { type: 'string' },
    // related-publish: the site to publish into, a smaller one as the same-run baseline, saves per site.
    site: { type: 'string' },
    baseline: { type: 'string' },
    runs: { type: 'string' },
    // The ghost benchmark: an installed Ghost 5 (docs/migrating.md).
    'ghost-dir': { type: 'string' },
  },
});

const benches: Record<string, () => Promise<void>> = {
  cluster: () => clusterBench({ seconds: Number(values.seconds) }),
  crash: () => crashBench(),
  search: () => searchBench(),
  // SOAK_SECONDS, SOAK_CONNECTIONS, SOAK_ARTICLES… (see bench/soak.ts); not in the default list: it runs for minutes.
  soak: () => soakBench(),
  import: () => importBench(),
  // MEMORY_ARTICLES, MEMORY_SECONDS, --compare DIR (see bench/memory.ts); not in the default list: it builds a large site.
  memory: () => memoryBench(),
  // --articles 1000000 by default, --database-url, --keep, --reuse, --reuse-url URL, --skip-rebuild (see bench/million.ts); not in the default list: it runs for hours.
  million: () => millionBench(),
  alerts: () => alertsBench(),
  media: () => mediaBench(Number(values.images)),
  ads: () => adsBench({ articles: Math.min(Number(values.articles), 2000), seconds: Number(values.seconds), connections: Number(values.connections), beacons: Number(values.beacons) }),
  // NEWSLETTER_SUBSCRIBERS=10000 for a shorter run.
  newsletter: () => newsletterBench(),
  'page-hit': () => pageHitBench(),
  // --site FILE [--baseline FILE] [--runs 20] [--database-url URL] (see bench/related-publish.ts); not in the default list: it needs a large site.
  'related-publish': () => relatedPublishBench(),
  sites: () =>
    sitesBench({ articles: Number(values.articles), sites: Number(values.sites), seconds: Number(values.seconds), connections: Number(values.connections), queries: Number(values.queries ?? 300) }),
  // Needs Debian's WordPress, PHP and MariaDB (see bench/wordpress.ts); not in the default list.
  wordpress: () => wordpressBench(Number(values.stories ?? 1000)),
  // Needs an installed Ghost 5 (--ghost-dir); not in the default list.
  ghost: () => ghostBench(values['ghost-dir'], Number(values.stories ?? 200)),
  'article-page': () =>
    articlePageBench({ articles: Number(values.articles), seconds: Number(values.seconds), connections: Number(values.connections), reuse: values.reuse ?? false, siteUrl: values['reuse-url'] }),
};

const chosen = positionals.length ? positionals : Object.keys(benches).filter((name) => !['soak', 'memory', 'wordpress', 'million', 'ghost', 'related-publish'].includes(name));
// Every bench writes its corpora, sites and results here; a fresh clone has none yet (a bench
// reusing a PostgreSQL site creates nothing else there first).
fs.mkdirSync(OUT, { recursive: true });
for (const name of chosen) {
  const bench = benches[name];
  if (!bench) {
    console.error(`unknown benchmark ${name}; choose from ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n== ${name}`);
  await bench();
}
