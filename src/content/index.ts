/**
 * @module content
 * Article bodies: Markdown or imported HTML to sanitized HTML (the one audited helper), and to
 * plain text for search, teasers and related content.
 */

export { articleBody, type RenderedBody, type RenderInputs, renderKey } from './article-body.ts';
export { normalizeImportedBody } from './normalize-body.ts';
export { type ParsedBody, parseBody, plainText, renderBody } from './render-body.ts';
