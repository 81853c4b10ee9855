/**
 * Company tagging benchmark (PRODUCT.md bar: over 5 MB of text a second against a 50,000-company
 * directory; issue 3: directory load under 2 s).
 *
 *   npx tsx bench/tagging.ts
 *
 * Generates a deterministic 50,000-company directory of plausible names, times `compileMatcher`,
 * then tags the body of every article in ../shared/data (BBC and Reuters-21578) and prints the
 * throughput next to that of the shared `tokenize` alone over the same text, median of 3 runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileMatcher, type DirectoryEntry } from '../src/tagging/index.ts';
import { tokenize } from '../src/text/index.ts';
import { seededRandom } from '../test/seeded-random.ts';

const COMPANIES = 50_000;
const RUNS = 3;
const DATA = join(import.meta.dirname, '..', '..', 'shared', 'data');
const CORPORA = ['bbc/articles.jsonl', 'reuters21578/articles.jsonl'];

const REAL = [
  'Renault', 'Nissan', 'Renault Samsung Motors', 'Infiniti', 'Dacia', 'Citroën', 'Peugeot', 'Volkswagen', 'Toyota',
  'Honda', 'General Motors', 'Ford Motor', 'Chrysler', 'Fiat', 'BMW', 'Daimler', 'Google', 'Microsoft', 'Yahoo',
  'Apple', 'IBM', 'Intel', 'Sony', 'Nokia', 'Vodafone', 'BP', 'Shell', 'Texaco', 'Exxon', 'Mobil', 'Chevron',
  'Time Warner', 'AOL', 'Boeing', 'Airbus', 'Orange', 'Amazon', 'Next', 'Tesco', 'Wal-Mart', 'Siemens', 'Philips',
  'Samsung', 'Motorola', 'Disney', 'Viacom', 'Citicorp', 'Merrill Lynch', 'Morgan Stanley', 'Goldman Sachs',
  'Salomon Brothers', 'Shearson Lehman', 'American Express', 'Barclays', 'Lloyds', 'HSBC', 'Gazprom', 'Yukos',
  'Rosneft', 'Deutsche Telekom', 'Kodak', 'Xerox', 'AT&T', 'Unilever', 'Nestlé', 'Pfizer', 'Merck', 'Du Pont', 'USX',
  'Union Carbide',
];
const SYLLABLES = 'ar bel cor dan el fen gar hal in jor kel lum mar nor or pel quin ros sal tor ul ven wex yar zan tri vex lo ka mi su'.split(' ');
const ENDINGS = 'a ex on is ia ium o ar en ix um ara ent ova ica'.split(' ');
const PLACES = 'Northern Southern Eastern Western Pacific Atlantic Baltic Nordic Alpine Coastal Central Highland Midland Metro Global United Royal Imperial Continental Delta Summit Pioneer'.split(' ');
const NOUNS = 'Atlas Beacon Harbor Falcon Anchor Crown Bridge Compass Meridian Horizon Keystone Granite Cedar Oak Willow River Stone Eagle Lion Star'.split(' ');
const TRADES = 'Logistics Motors Energy Steel Shipping Foods Airlines Pharma Telecom Systems Technologies Mining Chemicals Insurance Capital Partners Media Electronics Software Networks Resources Industries Transport Rail Aviation Construction Engineering'.split(' ');
const SURNAMES = 'Hartley Moss Baker Carter Fletcher Granger Hughes Ingram Jarvis Keller Lambert Mercer Norris Osborne Porter Quincy Ramsey Sutton Thorne Upton Vaughan Walsh'.split(' ');
const SUFFIXES = ['Ltd', 'Inc', 'plc', 'Group', 'Holdings', 'Corp', 'AG', 'SA', 'GmbH', 'LLC', 'NV', ''];


function directory(size: number): DirectoryEntry[] {
  // Seeded, so every run tags against the same directory.
  const rnd = seededRandom(20_240_601);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const invented = (): string => {
    const n = 1 + Math.floor(rnd() * 2);
    let w = '';
    for (let i = 0; i < n; i++) w += pick(SYLLABLES);
    w += pick(ENDINGS);
    return w[0]!.toUpperCase() + w.slice(1);
  };
  const seen = new Set<string>();
  const out: DirectoryEntry[] = [];
  for (const name of REAL) {
    seen.add(name);
    out.push({ id: String(out.length + 1), name, aliases: [] });
  }
  while (out.length < size) {
    const r = rnd();
    let core: string;
    if (r < 0.35) core = invented();
    else if (r < 0.6) core = `${pick(PLACES)} ${pick(NOUNS)} ${pick(TRADES)}`;
    else if (r < 0.75) core = `${pick(SURNAMES)} & ${pick(SURNAMES)}`;
    else if (r < 0.9) core = `${invented()} ${pick(TRADES)}`;
    else core = `${pick(PLACES)} ${pick(TRADES)}`;
    const suffix = pick(SUFFIXES);
    const name = suffix === '' ? core : `${core} ${suffix}`;
    if (seen.has(name)) continue;
    seen.add(name);
    const words = core.split(/[\s&]+/).filter((w) => w !== '');
    const aliases: string[] = [];
    if (words.length >= 2 && rnd() < 0.3) aliases.push(words.map((w) => w[0]).join(''));
    if (words.length >= 2 && rnd() < 0.1) aliases.push(words.slice(0, 2).join(' '));
    out.push({ id: String(out.length + 1), name, aliases });
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

const companies = directory(COMPANIES);
let matcher = compileMatcher(companies);
const compileMs = median(
  Array.from({ length: RUNS }, () =>
    time(() => {
      matcher = compileMatcher(companies);
    }),
  ),
);
console.log(`directory: ${companies.length} companies`);
console.log(`compileMatcher: ${compileMs.toFixed(0)} ms (median of ${RUNS}; bar < 2000 ms)`);

const bodies: string[] = [];
for (const file of CORPORA) {
  const path = join(DATA, file);
  if (!existsSync(path)) {
    console.log(`skipped ${file}: ${path} not found`);
    continue;
  }
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() !== '') bodies.push((JSON.parse(line) as { body: string }).body);
  }
}
if (bodies.length === 0) {
  console.log('no corpus found under ../shared/data: throughput not measured');
} else {
  const megabytes = bodies.reduce((n, b) => n + Buffer.byteLength(b), 0) / 1e6;
  let tokens = 0;
  let mentions = 0;
  const tokenizeMs = median(
    Array.from({ length: RUNS }, () =>
      time(() => {
        tokens = 0;
        for (const b of bodies) tokens += tokenize(b).length;
      }),
    ),
  );
  const matchMs = median(
    Array.from({ length: RUNS }, () =>
      time(() => {
        mentions = 0;
        for (const b of bodies) mentions += matcher.find(b).length;
      }),
    ),
  );
  const tokenizeRate = megabytes / (tokenizeMs / 1000);
  const matchRate = megabytes / (matchMs / 1000);
  console.log(`text: ${bodies.length} article bodies, ${megabytes.toFixed(2)} MB (UTF-8), ${tokens} tokens`);
  console.log(`tokenize: ${tokenizeRate.toFixed(1)} MB/s (median of ${RUNS})`);
  console.log(`matcher.find: ${matchRate.toFixed(1)} MB/s (median of ${RUNS}; bar > 5 MB/s), ${mentions} mentions`);
  console.log(`matcher/tokenize: ${(matchRate / tokenizeRate).toFixed(2)}`);
}
