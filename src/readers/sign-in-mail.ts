import { escapeHtml, mailPage } from './mail-html.ts';

/** The sign-in (or sign-up) email: the link, and the code for when the link opens elsewhere. */
export function signInMail(m: { siteTitle: string; link: string; code: string; newReader: boolean }): { subject: string; text: string; html: string } {
  const action = m.newReader ? 'confirm your address and sign in' : 'sign in';
  const subject = m.newReader ? `Confirm your address for ${m.siteTitle}` : `Sign in to ${m.siteTitle}`;
  const text = [
    `To ${action} to ${m.siteTitle}, open this link in the browser where you asked for it:`,
    '',
    m.link,
    '',
    `Or type this code there: ${m.code}`,
    '',
    'The link and the code work once, for 15 minutes. If you did not ask, ignore this email: nothing happens.',
  ].join('\n');
  const html = mailPage(
    subject,
    `<p>To ${escapeHtml(action)} to ${escapeHtml(m.siteTitle)}, open this link in the browser where you asked for it:</p>` +
      `<p><a href="${escapeHtml(m.link)}" style="display:inline-block;padding:10px 18px;background:#0b5cad;color:#ffffff;text-decoration:none;border-radius:4px">${m.newReader ? 'Confirm and sign in' : 'Sign in'}</a></p>` +
      `<p>Or type this code there: <strong style="font-size:20px;letter-spacing:2px">${escapeHtml(m.code)}</strong></p>` +
      '<p style="color:#555">The link and the code work once, for 15 minutes. If you did not ask, ignore this email: nothing happens.</p>',
  );
  return { subject, text, html };
}
