import { escapeHtml, mailPage } from './mail-html.ts';

export interface AlertArticle {
  readonly slug: string;
  readonly headline: string;
  readonly standfirst: string | null;
  /** The article's own site's URL when it differs from the email's (several sites). */
  readonly siteUrl?: string | undefined;
}

/**
 * One alert email: every new article on what the reader follows since the last one, with the
 * links to manage follows and to stop alerts (also as List-Unsubscribe, which mail clients show).
 */
export function alertMail(m: { siteTitle: string; siteUrl: string; articles: readonly AlertArticle[]; unsubscribeUrl: string; digest: boolean }): {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
} {
  const url = (a: AlertArticle) => new URL(`/news/${encodeURIComponent(a.slug)}`, a.siteUrl ?? m.siteUrl).href;
  const account = new URL('/account', m.siteUrl).href;
  const only = m.articles.length === 1 ? m.articles[0] : undefined;
  const subject = m.digest ? `Your daily ${m.siteTitle} alerts: ${m.articles.length} ${m.articles.length === 1 ? 'article' : 'articles'}` : only ? only.headline : `${m.articles.length} new articles on what you follow`;
  const intro = `New on ${m.siteTitle} about what you follow:`;
  const text = [
    intro,
    '',
    ...m.articles.flatMap((a) => [a.headline, ...(a.standfirst ? [a.standfirst] : []), url(a), '']),
    `Manage what you follow: ${account}`,
    `Stop these alerts: ${m.unsubscribeUrl}`,
  ].join('\n');
  const html = mailPage(
    subject,
    `<p>${escapeHtml(intro)}</p>` +
      m.articles
        .map((a) => `<h2 style="font-size:18px;margin:20px 0 4px"><a href="${escapeHtml(url(a))}" style="color:#0b5cad">${escapeHtml(a.headline)}</a></h2>${a.standfirst ? `<p style="margin:0">${escapeHtml(a.standfirst)}</p>` : ''}`)
        .join('') +
      `<p style="margin-top:32px;color:#555;font-size:14px"><a href="${escapeHtml(account)}">Manage what you follow</a> · <a href="${escapeHtml(m.unsubscribeUrl)}">Stop these alerts</a></p>`,
  );
  return { subject, text, html, headers: { 'List-Unsubscribe': `<${m.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } };
}
