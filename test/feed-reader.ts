import { spawnSync } from 'node:child_process';

/** What python3-feedparser, a real feed reader, makes of a feed. */
export interface ReaderView {
  readonly bozo: number;
  readonly bozoException: string | null;
  readonly version: string;
  readonly feed: { title?: string; author?: string };
  readonly entries: {
    title?: string;
    title_detail?: { type: string };
    summary?: string;
    content?: { type: string; value: string }[];
    authors?: { name?: string }[];
    tags?: { term?: string; label?: string }[];
    link?: string;
    id?: string;
  }[];
}

const SCRIPT = `
import sys, json, feedparser
d = feedparser.parse(sys.stdin.buffer.read())
def plain(o):
    if isinstance(o, dict): return {k: plain(v) for k, v in o.items() if not k.endswith('_parsed')}
    if isinstance(o, list): return [plain(v) for v in o]
    if isinstance(o, (str, int, float)) or o is None: return o
    return str(o)
print(json.dumps({'bozo': int(d.bozo), 'bozoException': str(d.get('bozo_exception')) if d.bozo else None, 'version': d.version, 'feed': plain(dict(d.feed)), 'entries': plain([dict(e) for e in d.entries])}))
`;

// Debian's python3 has the package; a pyenv shim first on PATH may not.
const PYTHONS = ['/usr/bin/python3', 'python3'];

let found: string | null | undefined;
function python(): string | null {
  found ??= PYTHONS.find((p) => spawnSync(p, ['-c', 'import feedparser'], { stdio: 'ignore' }).status === 0) ?? null;
  return found;
}

/** Whether feedparser can run here; CI installs it (.ci/run), so there it must. */
export function feedReaderAvailable(): boolean {
  if (python()) return true;
  if (process.env.CI) throw new Error('python3-feedparser is missing: .ci/run installs it');
  return false;
}

/** Parses a feed body with feedparser. */
export function readFeed(body: string): ReaderView {
  const py = python();
  if (!py) throw new Error('python3-feedparser is not installed');
  const out = spawnSync(py, ['-c', SCRIPT], { input: body, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (out.status !== 0) throw new Error(`feedparser failed: ${out.stderr}`);
  return JSON.parse(out.stdout) as ReaderView;
}
