import { foldText } from '../text/index.ts';
import { AMBIGUOUS_NAMES } from './ambiguous-names.ts';
import { type NameForm, nameForms } from './name-forms.ts';
import { type RawMatch, resolveMentions } from './resolve-mentions.ts';
import { TokenizedText } from './tokenized-text.ts';
import { TransitionTable } from './transition-table.ts';
import type { CompanyMatcher, DirectoryEntry, FindOptions, Mention } from './types.ts';

interface Terminal {
  readonly company: number;
  readonly form: NameForm;
}

const ROOT = 0;

/**
 * Compiles a company directory into a matcher, once per directory version.
 *
 * Why a hand-written trie over token ids rather than a regular expression: a regex per company
 * is 50,000 scans of every text, and one alternation of 50,000 names is slow to compile and
 * cannot apply the token rules (possessives, dashes, line breaks, diacritics, acronyms in capitals
 * only) without becoming unreadable. Here every name is tokenized and folded once, at compile
 * time, with the same `tokenize` the text goes through; each text token is looked up once in
 * the vocabulary (a `Map` from folded word to integer id), and the walk from each token follows
 * integer edges in a typed-array hash table (`TransitionTable`). Names are a handful of tokens
 * long, so walking from every token costs at most a few lookups, and most tokens fail at the
 * root in the vocabulary lookup; Aho-Corasick failure links would save nothing at this depth and
 * complicate leftmost-longest matching.
 *
 * @example
 * const matcher = compileMatcher([
 *   { id: '2453', name: 'Renault', aliases: [] },
 *   { id: '9', name: 'Renault Samsung Motors', aliases: ['RSM'] },
 * ]);
 * matcher.find('Renault Samsung Motors (RSM)').map((m) => m.companyId) // ['9', '9']
 */
export function compileMatcher(companies: readonly DirectoryEntry[]): CompanyMatcher {
  const vocab = new Map<string, number>();
  const edges = new TransitionTable(companies.length * 4);
  const terminals: (Terminal[] | undefined)[] = [undefined];
  const contexts: (readonly string[])[] = [];
  let nodes = 1;
  for (let c = 0; c < companies.length; c++) {
    const entry = companies[c]!;
    const context = new Set<string>();
    for (const form of nameForms(entry)) {
      let node = ROOT;
      for (const term of form.terms) {
        let id = vocab.get(term);
        if (id === undefined) {
          id = vocab.size;
          vocab.set(term, id);
        }
        let child = edges.get(node, id);
        if (child < 0) {
          child = nodes++;
          edges.set(node, id, child);
        }
        node = child;
      }
      const list = terminals[node] ?? [];
      list.push({ company: c, form });
      terminals[node] = list;
      if (form.ambiguous) for (const w of AMBIGUOUS_NAMES.get(form.terms.join(' ')) ?? []) context.add(w);
    }
    for (const w of entry.context ?? []) context.add(foldText(w));
    contexts.push([...context]);
  }
  return new TrieMatcher(companies, vocab, edges, terminals, contexts);
}

class TrieMatcher implements CompanyMatcher {
  readonly #companies: readonly DirectoryEntry[];
  readonly #vocab: ReadonlyMap<string, number>;
  readonly #edges: TransitionTable;
  readonly #terminals: readonly (Terminal[] | undefined)[];
  readonly #contexts: readonly (readonly string[])[];
  readonly #index: ReadonlyMap<string, number[]>;

  constructor(
    companies: readonly DirectoryEntry[],
    vocab: ReadonlyMap<string, number>,
    edges: TransitionTable,
    terminals: readonly (Terminal[] | undefined)[],
    contexts: readonly (readonly string[])[],
  ) {
    this.#companies = companies;
    this.#vocab = vocab;
    this.#edges = edges;
    this.#terminals = terminals;
    this.#contexts = contexts;
    const index = new Map<string, number[]>();
    companies.forEach((c, i) => {
      const list = index.get(c.id);
      if (list === undefined) index.set(c.id, [i]);
      else list.push(i);
    });
    this.#index = index;
  }

  get size(): number {
    return this.#companies.length;
  }

  find(text: string, options: FindOptions = {}): Mention[] {
    const tt = TokenizedText.of(text);
    const raw = this.#walk(tt);
    if (raw.length === 0) return [];
    const resolved = resolveMentions(tt, raw, {
      contextOf: (c) => this.#contexts[c] ?? [],
      pinned: this.#indexesOf(options.pinned),
      blocked: this.#indexesOf(options.blocked),
    });
    return resolved.map((r) => {
      const start = tt.tokens[r.first]!.start;
      const end = tt.tokens[r.last]!.end + (r.finalStop ? 1 : 0);
      const company = this.#companies[r.company]!;
      return { start, end, text: text.slice(start, end), companyId: company.id, name: company.name };
    });
  }

  // Leftmost-longest walk: from each token, follow the trie as far as the tokens allow and keep
  // the longest name that ends there and passes its case rule; resume after it.
  #walk(tt: TokenizedText): RawMatch[] {
    const tokens = tt.tokens;
    const n = tokens.length;
    const ids = new Int32Array(n);
    const vocab = this.#vocab;
    for (let k = 0; k < n; k++) ids[k] = vocab.get(tokens[k]!.term) ?? -1;
    const edges = this.#edges;
    const terminals = this.#terminals;
    const out: RawMatch[] = [];
    let k = 0;
    while (k < n) {
      if (ids[k]! < 0) {
        k++;
        continue;
      }
      let node = ROOT;
      let bestLast = -1;
      let best: Terminal[] | undefined;
      for (let j = k; j < n; j++) {
        const id = ids[j]!;
        if (id < 0 || (j > k && !tt.joins(j))) break;
        node = edges.get(node, id);
        if (node < 0) break;
        const here = terminals[node];
        if (here === undefined) continue;
        let upper: boolean | undefined;
        let capitalised: boolean | undefined;
        let fits: Terminal[] | undefined;
        for (const t of here) {
          // A name that begins with "The" ("The Gap") does not begin with a lower-case "the".
          if (t.form.terms[0] === 'the' && !tt.isCapitalised(k)) continue;
          if (t.form.upperOnly) {
            upper ??= tt.isUpper(k, j);
            if (!upper) continue;
          }
          // A name the directory writes with capitals is not a lower-case common word.
          if (t.form.capitalised) {
            capitalised ??= tt.isNameCapitalised(k, j);
            if (!capitalised) continue;
          }
          fits ??= [];
          fits.push(t);
        }
        if (fits !== undefined) {
          bestLast = j;
          best = fits;
        }
      }
      if (best === undefined) {
        k++;
        continue;
      }
      out.push({ first: k, last: bestLast, options: best });
      k = bestLast + 1;
    }
    return out;
  }

  #indexesOf(ids: Iterable<string> | undefined): Set<number> {
    const out = new Set<number>();
    if (ids === undefined) return out;
    for (const id of ids) for (const i of this.#index.get(id) ?? []) out.add(i);
    return out;
  }
}
