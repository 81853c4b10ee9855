import { randomUUID } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';
import MimeNode from 'nodemailer/lib/mime-node';
import * as qp from 'nodemailer/lib/qp';
import { escapeHtml, type MailTemplate } from './mail-template.ts';

// Stand-ins for what differs per message, put into the skeleton nodemailer builds once.
const TO = 'mhtemplateto@mhtemplate.invalid';
const MESSAGE_ID = 'MHTEMPLATEMESSAGEID@mhtemplate.invalid';
const DATE = 'MHTEMPLATEDATE';
const TEXT_BODY = 'MHTEMPLATETEXTBODY';
const HTML_BODY = 'MHTEMPLATEHTMLBODY';

/** What may go into a header unencoded: printable ASCII, no line break (anything else takes the whole-message path). */
const SAFE_HEADER = /^[\x20-\x7e]*$/;
/** A plain address nodemailer would put in `To:` unchanged. */
const PLAIN_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+$/;

/** A QP-encoded piece, its lines kept one short of the limit so a soft break can follow it. */
const encode = (s: string) => qp.wrap(qp.encode(s), 75).replace(/\r?\n/g, '\r\n');

/**
 * Splits `s` at every mark: the pieces between marks and which mark follows each piece.
 * Marks are letters only, so any UTF-8 sequence stays whole in one piece.
 */
function split(s: string, marks: readonly string[]): { pieces: string[]; order: number[] } {
  const pieces: string[] = [];
  const order: number[] = [];
  let at = 0;
  for (;;) {
    let next = -1;
    let which = -1;
    marks.forEach((mark, i) => {
      const found = s.indexOf(mark, at);
      if (found >= 0 && (next < 0 || found < next)) [next, which] = [found, i];
    });
    if (next < 0) break;
    pieces.push(s.slice(at, next));
    order.push(which);
    at = next + marks[which]!.length;
  }
  pieces.push(s.slice(at));
  return { pieces, order };
}

/** A body part as QP pieces with soft line breaks where each value goes. */
function bodyFiller(s: string, marks: readonly string[], escapeValue: (v: string) => string): (values: readonly string[]) => string {
  const { pieces, order } = split(s, marks);
  const encoded = pieces.map(encode);
  return (values) => {
    let out = encoded[0]!;
    for (let i = 0; i < order.length; i++) out += `=\r\n${encode(escapeValue(values[order[i]!] ?? ''))}=\r\n${encoded[i + 1]}`;
    return out;
  };
}

/**
 * A template composed into a MIME message once (headers, multipart/alternative, the QP-encoded
 * text and HTML parts, by nodemailer's own MimeNode), so each message costs a fill of its values
 * instead of a whole composition and encoding: at newsletter volume, composing every copy of a
 * 30 KB issue was most of the sender's CPU. `build` returns null for what the skeleton cannot take
 * unencoded (a non-ASCII address or value in a header); the caller then sends that message whole.
 */
export class MimeTemplate {
  readonly envelopeFrom: string;
  private readonly head: string[];
  private readonly headOrder: number[];
  private readonly html: (values: readonly string[]) => string;
  private readonly text: (values: readonly string[]) => string;
  private readonly domain: string;
  private readonly marks: number;
  private date = { second: -1, text: '' };

  /** Composes `template` once; null when nodemailer built something this cannot fill (then send each message whole). */
  static async compile(template: MailTemplate, from: string): Promise<MimeTemplate | null> {
    const root = new MimeNode('multipart/alternative');
    root.setHeader({ ...template.headers, From: from, To: TO, Subject: template.subject, 'Message-ID': `<${MESSAGE_ID}>`, Date: DATE });
    root.createChild('text/plain; charset=utf-8').setHeader('Content-Transfer-Encoding', 'quoted-printable').setContent(TEXT_BODY);
    root.createChild('text/html; charset=utf-8').setHeader('Content-Transfer-Encoding', 'quoted-printable').setContent(HTML_BODY);
    const skeleton = (await root.build()).toString('utf8').replace(/\r?\n/g, '\r\n');
    const [head = '', rest = ''] = skeleton.split(TEXT_BODY);
    const [middle = '', tail = ''] = rest.split(HTML_BODY);
    // The head carries the per-message stand-ins (each once) and the template's own marks (in its headers).
    const { pieces, order } = split(head, [...template.marks, TO, `<${MESSAGE_ID}>`, DATE]);
    const fixed = order.filter((i) => i >= template.marks.length);
    if (fixed.length !== 3 || new Set(fixed).size !== 3 || !middle || !tail) return null;
    return new MimeTemplate(template, from, { head: pieces, headOrder: order, middle, tail });
  }

  private constructor(template: MailTemplate, from: string, parts: { head: string[]; headOrder: number[]; middle: string; tail: string }) {
    const parsed = addressparser(from, { flatten: true })[0];
    this.envelopeFrom = parsed && 'address' in parsed ? parsed.address : from;
    this.domain = this.envelopeFrom.split('@').pop() || 'localhost';
    this.head = parts.head;
    this.headOrder = parts.headOrder;
    this.marks = template.marks.length;
    const textFill = bodyFiller(template.text, template.marks, (v) => v);
    const htmlFill = bodyFiller(template.html, template.marks, escapeHtml);
    this.text = (values) => `${textFill(values)}${parts.middle}`;
    this.html = (values) => `${htmlFill(values)}${parts.tail}`;
  }

  /** One recipient's message, ready for the wire, or null when it needs composing whole. */
  build(to: string, values: readonly string[]): string | null {
    if (!PLAIN_ADDRESS.test(to) || !values.every((v) => SAFE_HEADER.test(v))) return null;
    const now = Date.now();
    const second = Math.floor(now / 1000);
    if (second !== this.date.second) this.date = { second, text: new Date(now).toUTCString().replace(/GMT/, '+0000') };
    const fixed = [to, `<${randomUUID()}@${this.domain}>`, this.date.text];
    let out = this.head[0]!;
    for (let i = 0; i < this.headOrder.length; i++) {
      const which = this.headOrder[i]!;
      out += (which < this.marks ? values[which] : fixed[which - this.marks]) + this.head[i + 1]!;
    }
    return out + this.text(values) + this.html(values);
  }
}
