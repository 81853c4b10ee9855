import { MARK_CLOSE, MARK_OPEN } from '../store/index.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Turns an engine snippet into safe HTML: the article text is escaped first, then the engine's
 * private-use markers become `<mark>`, so markup in an article can never reach the page.
 * @example snippetHtml('a <b> \u{E000}toll\u{E001}') // 'a &lt;b&gt; <mark>toll</mark>'
 */
export function snippetHtml(snippet: string): string {
  return snippet
    .replace(/[&<>"']/g, (c) => ESCAPES[c]!)
    .replaceAll(MARK_OPEN, '<mark>')
    .replaceAll(MARK_CLOSE, '</mark>');
}

/** The snippet as plain text (API and CLI output). */
export function snippetText(snippet: string): string {
  return snippet.replaceAll(MARK_OPEN, '').replaceAll(MARK_CLOSE, '');
}
