import { type AdminFrame, AdminLayout, PostButton } from './admin-layout.tsx';
import { ListTable } from './list-parts.tsx';

const NOTE: Record<string, string> = { autosave: 'autosaved' };

/** An article's revisions, newest first, each with its diffs and a Restore button. */
export function RevisionsPage(props: {
  frame: AdminFrame;
  id: number;
  headline: string;
  revisions: readonly { id: number; at: number; headline: string; note: string; author: string | null }[];
  formatTime: (ms: number) => string;
}) {
  return (
    <AdminLayout frame={props.frame} title={`Revisions: ${props.headline}`}>
      <h1>Revisions of “{props.headline}”</h1>
      <p>
        <a href={`/admin/articles/${props.id}`}>Back to the editor</a>
      </p>
      <ListTable headings={['Saved', 'Headline', 'Change', 'By', 'Compare', 'Restore']}>
        {props.revisions.map((r, i) => (
          <tr key={r.id}>
            <td>{props.formatTime(r.at)}</td>
            <td>{r.headline}</td>
            <td>{NOTE[r.note] ?? r.note}</td>
            <td>{r.author ?? '—'}</td>
            <td>
              {i > 0 && (
                <a href={`/admin/articles/${props.id}/revisions/${r.id}/diff?against=current`}>
                  with current<span class="sr-only">{` (the revision of ${props.formatTime(r.at)})`}</span>
                </a>
              )}
              {i > 0 && i < props.revisions.length - 1 && ' · '}
              {i < props.revisions.length - 1 && (
                <a href={`/admin/articles/${props.id}/revisions/${r.id}/diff?against=previous`}>
                  with previous<span class="sr-only">{` (the revision of ${props.formatTime(r.at)})`}</span>
                </a>
              )}
            </td>
            <td>
              {i === 0 ? (
                'Current'
              ) : (
                <PostButton action={`/admin/articles/${props.id}/revisions/${r.id}/restore`} csrf={props.frame.csrf} secondary label={`Restore the revision of ${props.formatTime(r.at)}`}>
                  Restore
                </PostButton>
              )}
            </td>
          </tr>
        ))}
      </ListTable>
    </AdminLayout>
  );
}
