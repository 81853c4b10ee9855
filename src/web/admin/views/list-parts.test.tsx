import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { ListTable } from './list-parts.tsx';

describe('ListTable', () => {
  it('gives each heading a column header and leaves out a column marked false', () => {
    const html = renderToString(
      <ListTable headings={['Name', false, 'Articles']}>
        <tr>
          <td>Ada</td>
          <td>3</td>
        </tr>
      </ListTable>,
    );
    expect(html).toBe('<table><thead><tr><th scope="col">Name</th><th scope="col">Articles</th></tr></thead><tbody><tr><td>Ada</td><td>3</td></tr></tbody></table>');
  });
});
