/**
 * Ghost's two editor formats, Lexical (Ghost 5) and Mobiledoc (Ghost 1–4), rendered to HTML for
 * exports that carry no `html`, with Ghost's own renderers and cards at the versions Ghost 5.130.4
 * pins (see docs/migrating.md), set up as Ghost's server sets them up, so a body comes out as
 * Ghost rendered it. They are CommonJS and bring jsdom, so they are loaded on the first post that
 * needs them, never by other commands. What they leave out (a node or card they do not know) is
 * reported so an editor can look at the post.
 */
import { createRequire } from 'node:module';

/** Rendered HTML and what an editor should review. */
export interface GhostRendered {
  readonly html: string;
  readonly notes: string[];
}

interface LexicalNode {
  readonly type?: string;
  readonly children?: LexicalNode[];
}

interface Renderers {
  lexical: { render(state: string): Promise<string> };
  /** Node types the Lexical renderer knows; it drops any other without a word. */
  lexicalTypes: ReadonlySet<string>;
  mobiledoc(doc: unknown, unknownCard: (name: string) => void): string;
}

let renderers: Promise<Renderers> | undefined;

/** Ghost's Lexical JSON (`post.lexical`) as HTML. */
export async function renderLexical(json: string): Promise<GhostRendered> {
  const root = (JSON.parse(json) as { root?: LexicalNode }).root;
  // Lexical refuses an empty document; Ghost stores one for a post never written.
  if (!root?.children?.length) return { html: '', notes: [] };
  const { lexical, lexicalTypes } = await load();
  const notes = new Set<string>();
  const walk = (node: LexicalNode) => {
    if (node.type && !lexicalTypes.has(node.type)) notes.add(`unknown Lexical node "${node.type}" (left out)`);
    for (const child of node.children ?? []) walk(child);
  };
  for (const child of root.children) walk(child);
  return { html: await lexical.render(json), notes: [...notes].sort() };
}

/** Ghost's Mobiledoc JSON (`post.mobiledoc`, versions 0.3.x) as HTML. */
export async function renderMobiledoc(json: string): Promise<GhostRendered> {
  const doc: unknown = JSON.parse(json);
  const { mobiledoc } = await load();
  const notes = new Set<string>();
  const html = mobiledoc(doc, (name) => notes.add(`unknown Mobiledoc card "${name}" (left out)`));
  return { html, notes: [...notes].sort() };
}

function load(): Promise<Renderers> {
  renderers ??= Promise.resolve().then(() => {
    const require = createRequire(import.meta.url);
    type Constructor = new (options: Record<string, unknown>) => unknown;
    const LexicalRenderer = require('@tryghost/kg-lexical-html-renderer') as Constructor;
    const { DEFAULT_NODES } = require('@tryghost/kg-default-nodes') as { DEFAULT_NODES: ({ getType(): string } | { replace: { getType(): string } })[] };
    const MobiledocRenderer = require('@tryghost/kg-mobiledoc-html-renderer') as Constructor;
    const CardFactory = require('@tryghost/kg-card-factory') as new (options: Record<string, unknown>) => { createCard(card: unknown): unknown };
    const cards = require('@tryghost/kg-default-cards') as unknown[];
    const atoms = require('@tryghost/kg-default-atoms') as unknown[];
    const factory = new CardFactory({});
    let unknownCard: (name: string) => void = () => {};
    const mobiledoc = new MobiledocRenderer({
      cards: cards.map((c) => factory.createCard(c)),
      atoms: atoms.map((a) => factory.createCard(a)),
      // What this returns is rendered in the card's place: nothing.
      unknownCardHandler: (args: { env: { name: string } }) => {
        unknownCard(args.env.name);
      },
    }) as { render(doc: unknown): string };
    // The node types Lexical itself registers, then Ghost's cards and extended nodes.
    const base = ['root', 'paragraph', 'text', 'linebreak', 'tab', 'heading', 'quote', 'list', 'listitem', 'link'];
    return {
      lexical: new LexicalRenderer({ nodes: DEFAULT_NODES }) as Renderers['lexical'],
      lexicalTypes: new Set([...base, ...DEFAULT_NODES.map((n) => ('replace' in n ? n.replace.getType() : n.getType()))]),
      mobiledoc: (doc, onUnknown) => {
        unknownCard = onUnknown;
        return mobiledoc.render(doc);
      },
    };
  });
  return renderers;
}
