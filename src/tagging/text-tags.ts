import { foldText } from '../text/index.ts';
import { cleanLegacyIds } from './clean-legacy-ids.ts';
import { findCandidates } from './find-candidates.ts';
import type { CompanyMatcher, DirectoryEntry } from './types.ts';

/** A candidate as stored for editors: its folded key, one entry a key, counts summed. */
export interface KeyedCandidate {
  readonly key: string;
  readonly name: string;
  readonly count: number;
}

/** What tagging finds in one article's text, before any editor's choice is applied. */
export interface TextTags {
  /** The company id (directory source id) of each mention, in text order. */
  readonly mentions: readonly string[];
  readonly candidates: readonly KeyedCandidate[];
}

/** Tags found ahead of a save (an import's worker): valid only while the directory is still at `directoryVersion`. */
export interface PreparedTags extends TextTags {
  readonly directoryVersion: number;
}

/**
 * The directory as one version of it was, in a form that crosses threads (an import's worker
 * compiles its own matcher from it).
 */
export interface DirectorySnapshot {
  readonly version: number;
  readonly companies: readonly DirectoryEntry[];
}

/** The text the tagger reads for an article: headline, standfirst and the body's words. */
export function articleTagText(headline: string, standfirst: string, plainBody: string): string {
  return `${headline}\n\n${standfirst}\n\n${plainBody}`;
}

/**
 * The mentions and the candidate names of a text: one matcher walk serves both.
 * @example tagText(compileMatcher([{ id: '7', name: 'Renault', aliases: [] }]), 'Renault and Acme Corp').mentions // ['7']
 */
export function tagText(matcher: CompanyMatcher, text: string): TextTags {
  const found = matcher.find(text);
  const candidates = new Map<string, KeyedCandidate>();
  for (const c of findCandidates(text, matcher, found)) {
    const key = foldText(c.name);
    const prev = candidates.get(key);
    candidates.set(key, prev ? { ...prev, count: prev.count + c.count } : { key, name: c.name, count: c.count });
  }
  return { mentions: found.map((m) => m.companyId), candidates: [...candidates.values()] };
}

/**
 * Removes leaked legacy ids (`2453 Renault` → `Renault`) from a body, looking companies up by
 * their directory id. Synchronous so importers can call it per record.
 * @example legacyIdCleaner((id) => (id === '2453' ? { id, name: 'Renault', aliases: [] } : undefined))('2453 Renault') // 'Renault'
 */
export function legacyIdCleaner(lookup: (id: string) => DirectoryEntry | undefined): (body: string) => string {
  return (body) => (/\d\s+\p{Lu}/u.test(body) ? cleanLegacyIds(body, lookup).text : body);
}
