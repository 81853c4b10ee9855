import { escapeHtml } from '../mail/index.ts';
import type { IssueContent, IssueItem } from './issue-content.ts';

/**
 * Stand-ins for what differs per recipient, put in the rendered issue once and replaced per message
 * (letters only, so neither MJML nor HTML escaping touches them).
 */
export const UNSUBSCRIBE_MARK = 'MHUNSUBSCRIBEURLMARK';

/** What one issue's email shows; everything here is the same for every recipient. */
export interface IssueEmailInput {
  readonly siteTitle: string;
  readonly siteUrl: string;
  readonly listName: string;
  readonly subject: string;
  readonly intro: string;
  readonly content: IssueContent;
  /** The issue's page in the web archive. */
  readonly webUrl: string;
  /** The creative that bought the issue's sponsor slot (absolute image and click URLs), or none. */
  readonly sponsor?: { readonly advertiser: string; readonly alt: string; readonly imageUrl: string; readonly clickUrl: string } | null | undefined;
}

export interface RenderedIssue {
  readonly html: string;
  readonly text: string;
}

const esc = escapeHtml;

// Colours chosen to survive mail clients that invert them (Outlook, Gmail apps) as well as those
// that honour prefers-color-scheme: no pure white or black, text contrast above 7:1 either way.
const INK = '#1f2328';
const MUTED = '#57606a';
const PAPER = '#fdfdfb';
const PAGE = '#eef0f2';
const ACCENT = '#0b5cad';

function story(item: IssueItem, lead: boolean): string {
  const image =
    item.imageUrl && lead ? `<mj-image src="${esc(item.imageUrl)}" alt="${esc(item.imageAlt)}" href="${esc(item.url)}" padding="0 0 12px 0" fluid-on-mobile="true" />` : '';
  return `${image}
      <mj-text css-class="mh-ink" font-size="${lead ? '24px' : '18px'}" line-height="1.3" font-weight="700" padding="0 0 6px 0"><a href="${esc(item.url)}" style="color:${INK};text-decoration:none">${esc(item.headline)}</a></mj-text>
      ${item.standfirst ? `<mj-text css-class="mh-muted" color="${MUTED}" padding="0 0 18px 0">${esc(item.standfirst)}</mj-text>` : '<mj-spacer height="12px" />'}`;
}

/**
 * The sponsor slot, after the lead: labelled "Sponsored" with the advertiser's name (as ads are on
 * the site), the image through the ads' own counting URL and the click through their redirect, so
 * the campaign's report counts the newsletter's views and clicks with the site's.
 */
function sponsorBlock(sponsor: NonNullable<IssueEmailInput['sponsor']>): string {
  return `
    <mj-section css-class="mh-paper" background-color="${PAPER}" padding="8px 24px 8px 24px">
      <mj-column border="1px solid #d0d7de" padding="12px">
        <mj-text css-class="mh-muted" color="${MUTED}" font-size="11px" font-weight="700" text-transform="uppercase" letter-spacing="1px" padding="0 0 8px 0">Sponsored · ${esc(sponsor.advertiser)}</mj-text>
        <mj-image src="${esc(sponsor.imageUrl)}" alt="${esc(sponsor.alt)}" href="${esc(sponsor.clickUrl)}" rel="sponsored noopener" padding="0" fluid-on-mobile="true" />
      </mj-column>
    </mj-section>`;
}

/** The issue as MJML (exported for tests that validate it the way MJML recommends). */
export function issueMjml(input: IssueEmailInput): string {
  const { content } = input;
  const preview = input.intro || content.lead?.headline || input.subject;
  const sections = content.sections
    .map(
      (s) => `
    <mj-section css-class="mh-paper" background-color="${PAPER}" padding="8px 24px 0 24px">
      <mj-column>
        <mj-text css-class="mh-accent" color="${ACCENT}" font-size="13px" font-weight="700" text-transform="uppercase" letter-spacing="1px" padding="12px 0 10px 0">${esc(s.name)}</mj-text>
        ${s.items.map((i) => story(i, false)).join('\n')}
      </mj-column>
    </mj-section>`,
    )
    .join('\n');
  return `<mjml lang="en">
  <mj-head>
    <mj-title>${esc(input.subject)}</mj-title>
    <mj-preview>${esc(preview)}</mj-preview>
    <mj-attributes>
      <mj-all font-family="Georgia, 'Times New Roman', serif" />
      <mj-text color="${INK}" font-size="16px" line-height="1.5" />
    </mj-attributes>
    <mj-raw><meta name="color-scheme" content="light dark" /><meta name="supported-color-schemes" content="light dark" /></mj-raw>
    <mj-style>
      :root { color-scheme: light dark; supported-color-schemes: light dark; }
      @media (prefers-color-scheme: dark) {
        .mh-page, .mh-page > div { background: #16191d !important; }
        .mh-paper, .mh-paper > table, .mh-paper td { background: #22272e !important; }
        .mh-ink div, .mh-ink a { color: #e6edf3 !important; }
        .mh-muted div { color: #adbac7 !important; }
        .mh-accent div, .mh-accent a { color: #6cb6ff !important; }
      }
    </mj-style>
  </mj-head>
  <mj-body css-class="mh-page" background-color="${PAGE}" width="600px">
    <mj-section padding="20px 24px 8px 24px">
      <mj-column>
        <mj-text css-class="mh-muted" color="${MUTED}" font-size="12px" align="right" padding="0"><a href="${esc(input.webUrl)}" style="color:${MUTED}">View in your browser</a></mj-text>
      </mj-column>
    </mj-section>
    <mj-section css-class="mh-paper" background-color="${PAPER}" padding="24px 24px 8px 24px" border-top="4px solid ${ACCENT}">
      <mj-column>
        <mj-text css-class="mh-ink" font-size="28px" font-weight="700" line-height="1.2" padding="0 0 4px 0"><a href="${esc(input.siteUrl)}/" style="color:${INK};text-decoration:none">${esc(input.siteTitle)}</a></mj-text>
        <mj-text css-class="mh-muted" color="${MUTED}" font-size="14px" padding="0 0 12px 0">${esc(input.listName)}</mj-text>
        ${input.intro ? `<mj-text css-class="mh-ink" padding="0 0 16px 0">${esc(input.intro).replace(/\n/g, '<br />')}</mj-text>` : ''}
        <mj-divider border-color="#d0d7de" border-width="1px" padding="0 0 16px 0" />
        ${content.lead ? story(content.lead, true) : ''}
      </mj-column>
    </mj-section>
    ${input.sponsor ? sponsorBlock(input.sponsor) : ''}
    ${sections}
    <mj-section css-class="mh-paper" background-color="${PAPER}" padding="0 24px 24px 24px"><mj-column><mj-spacer height="4px" /></mj-column></mj-section>
    <mj-section padding="16px 24px 32px 24px">
      <mj-column>
        <mj-text css-class="mh-muted" color="${MUTED}" font-size="12px" line-height="1.6" align="center">
          You receive ${esc(input.listName)} from ${esc(input.siteTitle)} because you subscribed.<br />
          <a href="${UNSUBSCRIBE_MARK}" style="color:${MUTED}">Unsubscribe</a> · <a href="${esc(input.siteUrl)}/account" style="color:${MUTED}">Manage your newsletters</a> · <a href="${esc(input.webUrl)}" style="color:${MUTED}">Web version</a>
        </mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
}

function textStory(item: IssueItem): string {
  return [item.headline, item.standfirst, item.url].filter(Boolean).join('\n');
}

/** The plain-text part: the same stories, links written out. */
export function issueText(input: IssueEmailInput): string {
  const parts = [`${input.siteTitle} — ${input.listName}`, input.subject, ''];
  if (input.intro) parts.push(input.intro, '');
  if (input.content.lead) parts.push(textStory(input.content.lead), '');
  if (input.sponsor) parts.push(`SPONSORED · ${input.sponsor.advertiser}`, input.sponsor.alt, input.sponsor.clickUrl, '');
  for (const s of input.content.sections) {
    parts.push(s.name.toUpperCase(), '');
    for (const item of s.items) parts.push(textStory(item), '');
  }
  parts.push('--', `Web version: ${input.webUrl}`, `Unsubscribe: ${UNSUBSCRIBE_MARK}`, `Manage your newsletters: ${input.siteUrl}/account`, '');
  return parts.join('\n');
}

/**
 * Renders an issue once: responsive HTML from MJML (validated strictly: a template error fails the
 * send, not the reader's inbox) and the text part, both with `UNSUBSCRIBE_MARK` where each
 * recipient's link goes.
 */
export async function renderIssueEmail(input: IssueEmailInput): Promise<RenderedIssue> {
  // Loaded on first use: mjml and its dependencies are about 15 MB of heap and 40 MB resident,
  // which a serving node that never composes an issue should not carry.
  const { default: mjml2html } = await import('mjml');
  const result = await mjml2html(issueMjml(input), { validationLevel: 'strict', keepComments: false });
  return { html: result.html, text: issueText(input) };
}

/** One recipient's copy: the rendered issue with their links filled in. */
export function personalise(rendered: RenderedIssue, unsubscribeUrl: string): RenderedIssue {
  return { html: rendered.html.split(UNSUBSCRIBE_MARK).join(esc(unsubscribeUrl)), text: rendered.text.split(UNSUBSCRIBE_MARK).join(unsubscribeUrl) };
}
