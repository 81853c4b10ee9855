import { hash } from 'node:crypto';
import type { BodyFormat } from '../domain/index.ts';
import { readTimeMinutes, teaser } from '../domain/index.ts';
import { type ParsedBody, parseBody, renderBody } from './render-body.ts';

/** What an article page shows of its body, made once at publish (or on a view when none is stored). */
export interface RenderedBody {
  readonly html: string;
  /** The body's first 200 characters cut at a word: the page's description when it has no standfirst. */
  readonly summary: string;
  readonly readMinutes: number;
}

/** Characters of the body's text a page without a standfirst is described by. */
const SUMMARY_LENGTH = 200;

/**
 * An article body as its page shows it: `linked` is the body with the first mention of each of
 * its companies linked (the directory's work; the body itself when there is nothing to link).
 * The text, which gives the read time and summary, is the body's as written: `parsed`, when
 * given, must be `parseBody(body, format)` (a save has it already; without links it gives the HTML too).
 * @example articleBody('Read **this**', 'Read **this**', 'markdown', false) // { html: '<p>Read <strong>this</strong></p>\n', summary: 'Read this', readMinutes: 1 }
 */
export function articleBody(body: string, linked: string, format: BodyFormat, sponsored: boolean, parsed: ParsedBody = parseBody(body, format)): RenderedBody {
  const rendering = { sponsored };
  const html = linked === body ? parsed.html(rendering) : renderBody(linked, format, rendering);
  return { html, summary: teaser(parsed.text, SUMMARY_LENGTH), readMinutes: readTimeMinutes(parsed.text) };
}

/** Everything an article's rendering is made from. */
export interface RenderInputs {
  readonly body: string;
  readonly format: BodyFormat;
  readonly sponsored: boolean;
  /** The companies the body links (the article's mentions): the directory names each by source id, else `mh-<id>`. */
  readonly companies: readonly { readonly id: number; readonly sourceId: string | null; readonly slug: string }[];
  /** The directory version, which decides what the matcher finds in the body. */
  readonly directoryVersion: number;
}

/**
 * A short digest of a rendering's inputs: a stored rendering is shown only while its article's
 * inputs still give its key, so a change anywhere (a re-tag, a company's new slug, an editor's
 * block, a body rewritten by the legacy clean-up) can never show a stale body. SHA-1 of a
 * typical 3 KB body takes a few microseconds, a hundredth of rendering it.
 * @example renderKey({ body: 'Hi', format: 'markdown', sponsored: false, companies: [], directoryVersion: 3 }) // a 22-character base64url digest
 */
export function renderKey(inputs: RenderInputs): string {
  const links = inputs.companies.map((c) => `${c.sourceId ?? `mh-${c.id}`}=${c.slug}\0`).sort();
  // One-shot over the parts joined (the digest of the parts fed one by one): every uncached page view checks a key.
  return hash('sha1', `${inputs.format}\0${inputs.sponsored ? 1 : 0}\0${inputs.directoryVersion}\0${links.join('')}${inputs.body}`, 'base64url').slice(0, 22);
}
