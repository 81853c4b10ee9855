import { type AdminFrame, AdminLayout, CsrfField } from './admin-layout.tsx';

/** An article's revisions, newest first, each with a Restore button. */
export function RevisionsPage(props: {
  frame: AdminFrame;
  id: number;
  headline: string;
  revisions: readonly { id: number; at: number; headline: string; note: string }[];
  formatTime: (ms: number) => string;
}) {
  return (
    <AdminLayout frame={props.frame} title={`Revisions: ${props.headline}`}>
      <h1>Revisions of “{props.headline}”</h1>
      <p>
        <a href={`/admin/articles/${props.id}`}>Back to the editor</a>
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Saved</th>
            <th scope="col">Headline</th>
            <th scope="col">Change</th>
            <th scope="col">Restore</th>
          </tr>
        </thead>
        <tbody>
          {props.revisions.map((r, i) => (
            <tr key={r.id}>
              <td>{props.formatTime(r.at)}</td>
              <td>{r.headline}</td>
              <td>{r.note}</td>
              <td>
                {i === 0 ? (
                  'Current'
                ) : (
                  <form method="post" action={`/admin/articles/${props.id}/revisions/${r.id}/restore`}>
                    <CsrfField csrf={props.frame.csrf} />
                    <button type="submit" class="secondary" aria-label={`Restore the revision of ${props.formatTime(r.at)}`}>
                      Restore
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </AdminLayout>
  );
}
