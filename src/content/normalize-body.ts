import type { BodyFormat } from '../domain/index.ts';

const HTML_RE = /<\/?(p|div|br|h[1-6]|ul|ol|li|a|strong|em|b|i|img|blockquote|table|figure|span)\b[^>]*>/i;

/**
 * Decides how an imported body is stored. HTML stays HTML (sanitized on output); anything else is
 * read as Markdown, after one fix for wire copy: an indented line starts a paragraph (Reuters
 * style) instead of becoming a Markdown code block.
 * @example normalizeImportedBody('First.\n    Second para.') // { body: 'First.\n\nSecond para.', format: 'markdown' }
 */
export function normalizeImportedBody(body: string): { body: string; format: BodyFormat } {
  const text = body.replace(/\r\n?/g, '\n').trim();
  if (HTML_RE.test(text)) return { body: text, format: 'html' };
  const paragraphs: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length) paragraphs.push(current.join('\n'));
    current = [];
  };
  for (const line of text.split('\n')) {
    if (!line.trim()) {
      flush();
      continue;
    }
    if (/^( {4,}|\t)/.test(line)) flush();
    current.push(line.trim());
  }
  flush();
  return { body: paragraphs.join('\n\n'), format: 'markdown' };
}
