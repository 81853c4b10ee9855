import { CsrfField, PostButton } from './admin-layout.tsx';
import { ListTable } from './list-parts.tsx';

export interface TaggedCompany {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly origin: 'auto' | 'pinned' | 'blocked';
  readonly mentions: number;
}

const ORIGIN: Record<TaggedCompany['origin'], string> = { auto: 'found by the tagger', pinned: 'pinned', blocked: 'blocked' };

function ChoiceButton(props: { articleId: number; company: TaggedCompany; choice: 'pinned' | 'blocked' | 'clear'; label: string; csrf: string }) {
  return (
    <PostButton
      action={`/admin/articles/${props.articleId}/companies`}
      csrf={props.csrf}
      fields={{ companyId: String(props.company.id), choice: props.choice }}
      inline
      secondary
      label={`${props.label} ${props.company.name}`}
    >
      {props.label}
    </PostButton>
  );
}

/**
 * The companies tagged on an article, each with Pin / Block / Undo; any directory company can be
 * pinned or blocked by name or slug (a plain form; assets/company-picker.js adds a search-as-you-type list). A new article (no id yet) lists what the tagger finds but has nothing to pin or block on.
 * assets/companies.js refreshes `#companies-found` from the text as it is typed.
 */
export function CompaniesPanel(props: { articleId?: number | undefined; companies: readonly TaggedCompany[]; csrf: string; addError?: string | undefined }) {
  const { articleId, csrf } = props;
  return (
    <section aria-labelledby="companies-title" id="companies">
      <h2 id="companies-title">Companies</h2>
      <div id="companies-found">
      {props.companies.length === 0 ? (
        <p>The tagger found no directory company in this article.</p>
      ) : (
        <ListTable headings={['Company', 'Tag', 'Mentions', articleId !== undefined && 'Change']}>
          {props.companies.map((c) => (
            <tr key={c.id}>
              <td>
                <a href={`/companies/${c.slug}`}>{c.name}</a>
              </td>
              <td>{ORIGIN[c.origin]}</td>
              <td>{c.mentions}</td>
              {articleId !== undefined && (
              <td>
                {c.origin !== 'pinned' && <ChoiceButton articleId={articleId} company={c} choice="pinned" label="Pin" csrf={csrf} />}
                {c.origin !== 'blocked' && <ChoiceButton articleId={articleId} company={c} choice="blocked" label="Block" csrf={csrf} />}
                {c.origin !== 'auto' && <ChoiceButton articleId={articleId} company={c} choice="clear" label="Undo" csrf={csrf} />}
              </td>
              )}
            </tr>
          ))}
        </ListTable>
      )}
      </div>
      {articleId === undefined ? (
        <p class="hint">Save the draft to pin or block a company, or to add one by hand.</p>
      ) : (
      <form method="post" action={`/admin/articles/${articleId}/companies`} class="company-picker" data-company-picker="">
        <CsrfField csrf={csrf} />
        <label for="add-company">Pin or block a company from the directory</label>
        <p class="hint" id="add-company-hint">
          Type its name or slug.
        </p>
        <input
          id="add-company"
          name="add"
          type="text"
          autocomplete="off"
          aria-invalid={props.addError ? 'true' : undefined}
          aria-describedby={props.addError ? 'add-company-hint add-company-error' : 'add-company-hint'}
        />
        {props.addError && (
          <p class="error" id="add-company-error">
            {props.addError}
          </p>
        )}
        <label for="add-company-choice">Choice</label>
        <select id="add-company-choice" name="choice">
          <option value="pinned">Pin: always tag it</option>
          <option value="blocked">Block: never tag it</option>
        </select>
        <button type="submit" class="secondary">
          Apply
        </button>
      </form>
      )}
    </section>
  );
}
