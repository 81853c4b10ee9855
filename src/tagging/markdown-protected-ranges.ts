/** A stretch of Markdown source where a link must not be added, with the URL it links to if any. */
export interface ProtectedRange {
  readonly start: number;
  readonly end: number;
  readonly href?: string;
}

const FENCE_RE = /^ {0,3}(`{3,}|~{3,})/;
// CommonMark HTML blocks 2-7: comments, processing instructions, declarations, block-level
// tags, and any complete tag alone on its line.
const HTML_BLOCK_RE = new RegExp(
  '^ {0,3}(?:<!--|<\\?|<![A-Za-z]|<!\\[CDATA\\[|</?(?:' +
    'address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|' +
    'fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|' +
    'menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|' +
    'track|ul)(?:[\\s/>]|$)|</?[A-Za-z][A-Za-z0-9-]*(?:\\s+[^<>]*?)?\\s*/?>\\s*$)',
  'i',
);
const RAW_HTML_BLOCK_RE = /^ {0,3}<(script|pre|style|textarea)[\s>]/i;
const DEFINITION_RE = /^ {0,3}\[((?:[^\\\]]|\\.)+)\]:\s*(\S+)/;
const AUTOLINK_RE = /<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>/y;
const COMMENT_RE = /<!--[\s\S]*?-->/y;
const TAG_RE = /<\/?([A-Za-z][A-Za-z0-9-]*)(?:\s+[^<>]*?)?\s*\/?>/y;
const BARE_URL_RE = /(?:https?:\/\/|ftp:\/\/|www\.)[^\s<]*[^\s<?!.,:;*_~)\]'"]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/y;
// Inline HTML elements whose content is not prose to link in.
const OPAQUE_TAGS: ReadonlySet<string> = new Set(['a', 'code', 'pre', 'kbd', 'samp', 'script', 'style', 'textarea']);

/**
 * Where a Markdown body must not get a new link: fenced and indented code blocks, HTML blocks,
 * code spans, links and images (`[text](url)`, `[text][ref]`, `[ref]` with a definition, the
 * definitions themselves), autolinks (`<https://…>`), bare URLs and e-mail addresses, and inline
 * HTML (the whole element for `<a>`, `<code>`…). Follows CommonMark closely enough to err on the
 * side of protecting: a stretch wrongly protected only loses a link.
 * @example markdownProtectedRanges('See [Renault](/r) and `Nissan`.') // [{ start: 4, end: 17, href: '/r' }, { start: 22, end: 30 }]
 */
export function markdownProtectedRanges(md: string): ProtectedRange[] {
  const out: ProtectedRange[] = [];
  const labels = new Set<string>();
  const prose: [number, number][] = [];
  let lineStart = 0;
  let proseStart = 0;
  let prevBlank = true;
  let inIndented = false;
  while (lineStart < md.length) {
    const lineEnd = endOfLine(md, lineStart);
    const line = md.slice(lineStart, lineEnd);
    const blank = line.trim() === '';
    const fence = FENCE_RE.exec(line);
    let blockEnd = -1;
    let href: string | undefined;
    if (fence !== null) {
      blockEnd = closeFence(md, lineEnd, fence[1]!);
    } else if (!blank && /^(?: {4}|\t)/.test(line) && (prevBlank || inIndented)) {
      blockEnd = lineEnd;
    } else if (RAW_HTML_BLOCK_RE.test(line)) {
      const tag = RAW_HTML_BLOCK_RE.exec(line)![1]!.toLowerCase();
      const close = md.toLowerCase().indexOf(`</${tag}>`, lineStart);
      blockEnd = close < 0 ? md.length : endOfLine(md, close);
    } else if (prevBlank && HTML_BLOCK_RE.test(line)) {
      blockEnd = untilBlankLine(md, lineStart);
    } else {
      const definition = DEFINITION_RE.exec(line);
      if (definition !== null) {
        labels.add(normaliseLabel(definition[1]!));
        blockEnd = lineEnd;
        href = unbracket(definition[2]!);
      }
    }
    // An indented code block goes on over blank lines while indented lines follow.
    if (!blank) inIndented = blockEnd === lineEnd && fence === null && href === undefined && /^(?: {4}|\t)/.test(line);
    if (blockEnd >= 0) {
      if (proseStart < lineStart) prose.push([proseStart, lineStart]);
      out.push(href === undefined ? { start: lineStart, end: blockEnd } : { start: lineStart, end: blockEnd, href });
      proseStart = blockEnd;
      lineStart = blockEnd < md.length ? blockEnd + 1 : md.length;
      prevBlank = false;
      continue;
    }
    prevBlank = blank;
    lineStart = lineEnd + 1;
  }
  if (proseStart < md.length) prose.push([proseStart, md.length]);
  for (const [from, to] of prose) scanInline(md, from, to, labels, out);
  return out.sort((a, b) => a.start - b.start);
}

function scanInline(md: string, from: number, to: number, labels: ReadonlySet<string>, out: ProtectedRange[]): void {
  let p = from;
  while (p < to) {
    const c = md.charCodeAt(p);
    if (c === 92 /* \ */) {
      p += 2;
      continue;
    }
    let end = -1;
    let href: string | undefined;
    if (c === 96 /* ` */) {
      end = codeSpanEnd(md, p, to);
      if (end < 0) {
        while (p < to && md.charCodeAt(p) === 96) p++;
        continue;
      }
    } else if (c === 60 /* < */) {
      for (const re of [AUTOLINK_RE, COMMENT_RE]) {
        re.lastIndex = p;
        const m = re.exec(md);
        if (m !== null && end < 0) {
          end = p + m[0].length;
          if (re === AUTOLINK_RE) href = m[1];
        }
      }
      if (end < 0) end = tagEnd(md, p);
    } else if (c === 91 /* [ */ || (c === 33 /* ! */ && md.charCodeAt(p + 1) === 91)) {
      const link = linkAt(md, c === 33 ? p + 1 : p, to, labels);
      if (link !== undefined) {
        end = link.end;
        href = link.href;
      }
    } else if (isWordChar(c) && (p === 0 || !isWordChar(md.charCodeAt(p - 1)))) {
      BARE_URL_RE.lastIndex = p;
      const m = BARE_URL_RE.exec(md);
      if (m !== null) {
        end = p + m[0].length;
        href = m[0];
      }
    }
    if (end > p) {
      out.push(href === undefined ? { start: p, end } : { start: p, end, href });
      p = end;
    } else {
      p++;
    }
  }
}

// `[text](dest "title")`, `[text][label]`, `[text][]` or `[label]` with a definition.
function linkAt(md: string, open: number, to: number, labels: ReadonlySet<string>): { end: number; href?: string } | undefined {
  const close = matchingBracket(md, open, to);
  if (close < 0) return undefined;
  const after = close + 1;
  if (md.charCodeAt(after) === 40 /* ( */) {
    let depth = 0;
    for (let q = after; q < to; q++) {
      const c = md.charCodeAt(q);
      if (c === 92) q++;
      else if (c === 40) depth++;
      else if (c === 41 && --depth === 0) {
        const inside = md.slice(after + 1, q).trim();
        const dest = inside.startsWith('<') ? inside.slice(0, inside.indexOf('>') + 1) : (inside.split(/\s+/)[0] ?? '');
        return { end: q + 1, href: unbracket(dest) };
      }
    }
    return undefined;
  }
  if (md.charCodeAt(after) === 91 /* [ */) {
    const end = matchingBracket(md, after, to);
    if (end >= 0) return { end: end + 1 };
  }
  return labels.has(normaliseLabel(md.slice(open + 1, close))) ? { end: after } : undefined;
}

function matchingBracket(md: string, open: number, to: number): number {
  let depth = 0;
  for (let q = open; q < to; q++) {
    const c = md.charCodeAt(q);
    if (c === 92) q++;
    else if (c === 91) depth++;
    else if (c === 93 && --depth === 0) return q;
    else if (c === 10 && md.charCodeAt(q + 1) === 10) return -1;
  }
  return -1;
}

function codeSpanEnd(md: string, p: number, to: number): number {
  let n = 0;
  while (md.charCodeAt(p + n) === 96) n++;
  let q = p + n;
  while (q < to) {
    const found = md.indexOf('`', q);
    if (found < 0 || found >= to) return -1;
    let m = 0;
    while (md.charCodeAt(found + m) === 96) m++;
    if (m === n) return found + m;
    q = found + m;
  }
  return -1;
}

// An inline HTML tag; for `<a>`, `<code>` and the like, the whole element.
function tagEnd(md: string, p: number): number {
  TAG_RE.lastIndex = p;
  const m = TAG_RE.exec(md);
  if (m === null) return -1;
  const end = p + m[0].length;
  const name = m[1]!.toLowerCase();
  if (m[0].startsWith('</') || m[0].endsWith('/>') || !OPAQUE_TAGS.has(name)) return end;
  const close = md.toLowerCase().indexOf(`</${name}`, end);
  if (close < 0) return end;
  const gt = md.indexOf('>', close);
  return gt < 0 ? md.length : gt + 1;
}

function closeFence(md: string, from: number, fence: string): number {
  const re = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`, 'm');
  const rest = md.slice(from);
  const m = re.exec(rest);
  return m === null ? md.length : from + m.index + m[0].length;
}

function untilBlankLine(md: string, from: number): number {
  const m = /\n[ \t]*\n/.exec(md.slice(from));
  return m === null ? md.length : from + m.index;
}

function endOfLine(md: string, from: number): number {
  const nl = md.indexOf('\n', from);
  return nl < 0 ? md.length : nl;
}

function normaliseLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

function unbracket(dest: string): string {
  return dest.startsWith('<') && dest.endsWith('>') ? dest.slice(1, -1) : dest;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
}
