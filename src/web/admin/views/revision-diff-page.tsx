import type { DiffPart, RevisionComparison } from '../../../admin/index.ts';
import { type AdminFrame, AdminLayout, PostButton } from './admin-layout.tsx';

/**
 * One run of a word diff. Colour and strike-through show the change to sighted readers; the
 * visually hidden words say it to screen readers, which mostly ignore <ins> and <del>.
 */
function Part(props: { part: DiffPart }) {
  const { kind, text } = props.part;
  if (kind === 'same') return <>{text}</>;
  const Tag = kind === 'added' ? 'ins' : 'del';
  return (
    <Tag>
      <span class="sr-only">{`[${kind}: `}</span>
      {text}
      <span class="sr-only">]</span>
    </Tag>
  );
}

/** A revision compared with the current text (or the revision before it), field by field, word by word. */
export function RevisionDiffPage(props: { frame: AdminFrame; id: number; headline: string; comparison: RevisionComparison; formatTime: (ms: number) => string }) {
  const { comparison: c, id } = props;
  const when = props.formatTime(c.revision.at);
  const base = c.against === 'current' ? 'the current version' : c.base ? `the revision of ${props.formatTime(c.base.at)}` : 'nothing (the first revision)';
  const title = c.against === 'current' ? `Revision of ${when} against the current version` : `Revision of ${when} against the one before`;
  const older = c.against === 'current' ? `the revision of ${when}` : base;
  const newer = c.against === 'current' ? 'the current version' : `the revision of ${when}`;
  return (
    <AdminLayout frame={props.frame} title={`${title}: ${props.headline}`}>
      <h1>{title}</h1>
      <p>
        <a href={`/admin/articles/${id}/revisions`}>Back to the revisions</a> · <a href={`/admin/articles/${id}`}>Back to the editor</a>
      </p>
      <p class="hint">
        Comparing {older} (older) with {newer} (newer){c.revision.author ? `; the revision was saved by ${c.revision.author}` : ''}. <ins>Underlined</ins> words were
        added, <del>struck-through</del> words removed.
      </p>
      {c.fields.map((f) => (
        <section key={f.field} aria-labelledby={`diff-${f.field}`}>
          <h2 id={`diff-${f.field}`}>{f.label}</h2>
          {f.changed ? (
            <div class="diff">
              {f.parts.map((p, i) => (
                <Part key={i} part={p} />
              ))}
            </div>
          ) : (
            <p>No change.</p>
          )}
        </section>
      ))}
      {c.against === 'current' && c.fields.some((f) => f.changed) && (
        <PostButton action={`/admin/articles/${id}/revisions/${c.revision.id}/restore`} csrf={props.frame.csrf}>
          Restore the revision of {when}
        </PostButton>
      )}
    </AdminLayout>
  );
}
