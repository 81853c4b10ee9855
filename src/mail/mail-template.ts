import type { MailMessage } from './mail-transport.ts';

/**
 * A message that is the same for every recipient but for a few values (a newsletter issue and its
 * unsubscribe link): `html`, `text` and `headers` hold each mark where its value goes. Marks are
 * letters and digits only, so neither HTML escaping nor MIME encoding alters them.
 */
export interface MailTemplate {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly from?: string;
  readonly marks: readonly string[];
}

/**
 * One recipient's copy of a template: `values[i]` replaces `template.marks[i]` (HTML-escaped in the
 * HTML part, as it is everywhere else). The same template object for every recipient lets a
 * transport compose it once (SMTP does) instead of composing each message whole.
 */
export interface TemplatedMessage {
  readonly to: string;
  readonly template: MailTemplate;
  readonly values: readonly string[];
}

export function isTemplated(message: MailMessage | TemplatedMessage): message is TemplatedMessage {
  return 'template' in message;
}

export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function replaceMarks(s: string, marks: readonly string[], values: readonly string[]): string {
  let out = s;
  marks.forEach((mark, i) => {
    out = out.split(mark).join(values[i] ?? '');
  });
  return out;
}

/** The template filled in as a plain message, for a transport that sends each message whole. */
export function fillTemplate(message: TemplatedMessage): MailMessage {
  const { template: t, values } = message;
  const headers = t.headers ? Object.fromEntries(Object.entries(t.headers).map(([k, v]) => [k, replaceMarks(v, t.marks, values)])) : undefined;
  return {
    to: message.to,
    subject: t.subject,
    html: replaceMarks(t.html, t.marks, values.map(escapeHtml)),
    text: replaceMarks(t.text, t.marks, values),
    ...(headers ? { headers } : {}),
    ...(t.from ? { from: t.from } : {}),
  };
}
