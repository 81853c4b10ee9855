import type { IssueItem, IssueSponsor, SendProgress, SponsorOffer } from '../../../newsletters/index.ts';
import { type AdminFrame, AdminLayout, CsrfField, PostButton } from './admin-layout.tsx';
import { ListTable, Notice } from './list-parts.tsx';
import { scheduleText } from './newsletter-schedule-page.tsx';

const count = (n: number) => n.toLocaleString('en-US');

export interface NewsletterOverviewRow {
  readonly list: { slug: string; name: string; subscribers: number; schedule: string | null };
  readonly latest: { subject: string; status: string; date: string | null; progress: SendProgress } | null;
}

/** "Sending: 12,000 of 50,000", or how the last issue ended. */
export function progressText(latest: NewsletterOverviewRow['latest']): string {
  if (!latest) return 'No issue yet';
  const p = latest.progress;
  if (latest.status === 'sending') return `Sending: ${count(p.done)} of ${count(p.recipients)}`;
  return `Sent ${latest.date ?? ''}: ${count(p.sent)} of ${count(p.recipients)}${p.failed ? `, ${count(p.failed)} failed` : ''}`;
}

/** The newsletters: each list's subscribers and latest issue, a preview of the next issue, and Send. */
export function NewslettersAdminPage(props: { frame: AdminFrame; rows: readonly NewsletterOverviewRow[]; notice?: string | undefined; problem?: string | undefined; values?: { slug: string; name: string } }) {
  const { frame } = props;
  return (
    <AdminLayout frame={frame} title="Newsletters">
      <h1>Newsletters</h1>
      <Notice text={props.notice} />
      {props.rows.length ? (
        <ListTable headings={['List', 'Subscribers', 'Schedule', 'Latest issue', 'Next issue']}>
          {props.rows.map(({ list, latest }) => (
            <tr key={list.slug}>
              <td>
                {list.name} <span class="muted">({list.slug})</span>
              </td>
              <td>{count(list.subscribers)}</td>
              <td>
                {scheduleText(list.schedule)} · <a href={`/admin/newsletters/${list.slug}/schedule`} aria-label={`Schedule of ${list.name}`}>Change</a>
              </td>
              <td>
                {latest ? <div>{latest.subject}</div> : null}
                <div role={latest?.status === 'sending' ? 'status' : undefined}>{progressText(latest)}</div>
              </td>
              <td>
                <a href={`/admin/newsletters/${list.slug}/compose`}>Compose</a> · <a href={`/admin/newsletters/${list.slug}/preview`}>Preview</a>
                <PostButton action={`/admin/newsletters/${list.slug}/send`} csrf={frame.csrf} inline disabled={latest?.status === 'sending'}>
                  Send the next issue
                </PostButton>
              </td>
            </tr>
          ))}
        </ListTable>
      ) : (
        <p>
          No lists yet. Make one with <code>masthead newsletters add --slug daily --name "Daily news"</code>.
        </p>
      )}
      <h2>New list</h2>
      {props.problem ? <p role="alert">{props.problem}</p> : null}
      <form method="post" action="/admin/newsletters">
        <CsrfField csrf={frame.csrf} />
        <label>
          Name <input name="name" required maxLength={200} value={props.values?.name ?? ''} />
        </label>{' '}
        <label>
          Short name (in its address) <input name="slug" required maxLength={60} pattern="[a-z0-9]+(-[a-z0-9]+)*" value={props.values?.slug ?? ''} />
        </label>{' '}
        <button type="submit">Make the list</button>
      </form>
    </AdminLayout>
  );
}

/** The next issue as the email (framed, sandboxed) and its text part, with a test send to oneself. */
export function NewsletterPreviewPage(props: { frame: AdminFrame; slug: string; subject: string; text: string }) {
  const { frame } = props;
  return (
    <AdminLayout frame={frame} title={`Preview: ${props.subject}`}>
      <h1>Preview of the next issue</h1>
      <p>
        Subject: <strong>{props.subject}</strong>
      </p>
      <PostButton action={`/admin/newsletters/${props.slug}/test`} csrf={frame.csrf}>
        Send a test to {frame.user?.email}
      </PostButton>
      <iframe title="The email" src={`/admin/newsletters/${props.slug}/preview.html`} sandbox="" width="100%" height="900" />
      <h2>Text part</h2>
      <pre>{props.text}</pre>
      <p>
        <a href="/admin/newsletters">Back to the newsletters</a>
      </p>
    </AdminLayout>
  );
}

/**
 * The draft of the next issue: subject, introduction, and its stories, each kept or not, in the
 * order given by its position (1 leads). Works without script: numbers, not drag and drop.
 */
export function NewsletterComposePage(props: {
  frame: AdminFrame;
  slug: string;
  subject: string;
  intro: string;
  items: readonly IssueItem[];
  sponsor: IssueSponsor | null;
  offers: readonly SponsorOffer[];
  notice?: string | undefined;
  /** Why the last save or send was refused, and the story address the editor gave. */
  problem?: string | undefined;
  add?: string | undefined;
}) {
  const offers = props.sponsor && !props.offers.some((o) => o.creativeId === props.sponsor?.creativeId) ? [{ ...props.sponsor, weight: 0 }, ...props.offers] : props.offers;
  const { frame, slug } = props;
  return (
    <AdminLayout frame={frame} title={`Compose: ${props.subject}`}>
      <h1>Compose the next issue</h1>
      <Notice text={props.notice} />
      {props.problem ? <p role="alert">{props.problem}</p> : null}
      <form method="post" action={`/admin/newsletters/${slug}/compose`}>
        <CsrfField csrf={frame.csrf} />
        <label for="subject">Subject</label>
        <input id="subject" name="subject" type="text" value={props.subject} maxLength={250} required />
        <label for="intro">Introduction</label>
        <textarea id="intro" name="intro" rows={4} maxLength={2000}>
          {props.intro}
        </textarea>
        <ListTable headings={['Keep', 'Position', 'Story']}>
          {props.items.length ? null : (
            <tr>
              <td colSpan={3}>No story yet: add one below (an issue is sent with at least one).</td>
            </tr>
          )}
          {props.items.map((item, i) => (
            <tr key={item.id}>
              <td>
                <input type="checkbox" name={`keep-${item.id}`} value="1" checked aria-label={`Keep ${item.headline}`} />
              </td>
              <td>
                <input type="number" name={`position-${item.id}`} value={String(i + 1)} min="1" max="999" aria-label={`Position of ${item.headline}`} />
              </td>
              <td>
                {i === 0 ? <strong>Lead: </strong> : null}
                {item.headline}
                {item.section ? <span class="muted"> ({item.section.name})</span> : null}
              </td>
            </tr>
          ))}
        </ListTable>
        <label for="add">Add a story (its address on the site, or its slug)</label>
        <input id="add" name="add" type="text" maxLength={500} placeholder="https://…/news/…" value={props.add ?? ''} />
        <label for="sponsor">Sponsor slot</label>
        <select id="sponsor" name="sponsor">
          <option value="" selected={!props.sponsor}>
            No sponsor
          </option>
          {offers.map((o) => (
            <option key={o.creativeId} value={String(o.creativeId)} selected={props.sponsor?.creativeId === o.creativeId}>
              {o.advertiser}: {o.alt}
            </option>
          ))}
        </select>
        <p class="muted">Live image ads in the newsletter slot can take it; the email labels it "Sponsored" and counts its views and clicks in the ads report.</p>
        <div class="actions">
          <button type="submit">Save the draft</button>
        </div>
      </form>
      <p>
        <a href={`/admin/newsletters/${slug}/preview`}>Preview and test</a>
      </p>
      <PostButton action={`/admin/newsletters/${slug}/send`} csrf={frame.csrf}>
        Send this issue
      </PostButton>
    </AdminLayout>
  );
}
