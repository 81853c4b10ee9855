import { type AdminFrame, AdminLayout, PostButton } from './admin-layout.tsx';
import { ListTable, Notice } from './list-parts.tsx';

/** Company-like names the tagger found that the directory does not know: accept or dismiss each. */
export function SuggestionsPage(props: { frame: AdminFrame; suggestions: readonly { key: string; name: string; articles: number }[]; notice?: string | undefined }) {
  return (
    <AdminLayout frame={props.frame} title="Company suggestions">
      <h1>Company suggestions</h1>
      <Notice text={props.notice} />
      <p>Names that look like companies in articles but are not in the directory. Accepting one adds it and tags the articles that name it.</p>
      {props.suggestions.length === 0 ? (
        <p>No suggestions waiting.</p>
      ) : (
        <ListTable headings={['Name', 'Articles', 'Decision']}>
          {props.suggestions.map((s) => (
            <tr key={s.key}>
              <td>{s.name}</td>
              <td>{s.articles}</td>
              <td>
                {(['accepted', 'dismissed'] as const).map((decision) => (
                  <PostButton
                    key={decision}
                    action="/admin/companies/suggestions"
                    csrf={props.frame.csrf}
                    fields={{ key: s.key, decision }}
                    inline
                    secondary={decision !== 'accepted'}
                    label={`${decision === 'accepted' ? 'Accept' : 'Dismiss'} ${s.name}`}
                  >
                    {decision === 'accepted' ? 'Accept' : 'Dismiss'}
                  </PostButton>
                ))}
              </td>
            </tr>
          ))}
        </ListTable>
      )}
    </AdminLayout>
  );
}
