import { createHash } from 'node:crypto';
import type { GhostTerm } from './ghost-records.ts';
import type { MediaImporter } from './media-import.ts';

/** Gravatar's https address, as WordPress builds avatar URLs on https sites. */
export const GRAVATAR_URL = 'https://secure.gravatar.com';

/**
 * WordPress authors' Gravatars as their photos: WordPress shows the picture Gravatar keeps for the
 * author's email beside their name and bio (author boxes, bylines), and the export holds that
 * email. Looked up only when the import may fetch (`--fetch-media`), through the same guard, and
 * asked with `d=404` so an author with no Gravatar gets no photo rather than Gravatar's
 * placeholder silhouette (and is not listed as missing). A re-import finds each picture it
 * brought by its address.
 * @example await gravatarPhotos(terms, importer) // authors' terms with `photo` set
 */
export async function gravatarPhotos(terms: GhostTerm[], media: MediaImporter, base = GRAVATAR_URL): Promise<GhostTerm[]> {
  if (!media.fetches) return terms;
  const out: GhostTerm[] = [];
  for (const term of terms) {
    if (term.kind !== 'authors' || term.feed || !term.email || term.photo) {
      out.push(term);
      continue;
    }
    const hash = createHash('md5').update(term.email.trim().toLowerCase()).digest('hex');
    const photo = await media.resolveAnywhere({ url: `${base.replace(/\/+$/, '')}/avatar/${hash}?s=512&d=404`, alt: term.name, ifAny: true });
    out.push(photo ? { ...term, photo } : term);
  }
  return out;
}
