import { describe, expect, it } from 'vitest';
import { signedInEachTest } from '../../../test/admin-support.ts';

const OK = { headline: 'A headline', standfirst: '', body: 'Some body.', section: '', tags: '', authors: '', slug: '' };

describe('admin editor: validation', () => {
  const t = signedInEachTest('editor');

  it('shows each error next to its field, keeps what was typed, saves nothing', async () => {
    const res = await t.agent.post('/admin/articles/new', {
      headline: '   ',
      standfirst: 's'.repeat(601),
      body: '\n\n',
      section: 'Tolling',
      tags: `ok, ${'t'.repeat(61)}`,
      authors: 'Ada',
      slug: 'Not A Slug!',
      action: 'publish',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<p class="alert" role="alert">5 fields need attention. Nothing was saved.</p>');
    expect(res.body).toContain(
      '<label for="headline">Headline</label><input id="headline" name="headline" type="text" value required aria-invalid="true" aria-describedby="headline-error"/><p class="error" id="headline-error">Write a headline.</p>',
    );
    expect(res.body).toContain('<p class="error" id="standfirst-error">Keep the standfirst to 600 characters or fewer.</p>');
    expect(res.body).toContain('<p class="error" id="body-error">Write the body of the article.</p>');
    expect(res.body).toContain('<p class="error" id="tags-error">Keep each tag to 60 characters or fewer.</p>');
    expect(res.body).toContain('<p class="error" id="slug-error">Use only lower-case letters, digits and hyphens.</p>');
    expect(res.body).toContain('value="Tolling"');
    expect(await t.app.store.articles.allIds()).toEqual([]);
  });

  it('needs a future time to schedule', async () => {
    const none = await t.agent.post('/admin/articles/new', { ...OK, scheduleAt: '', action: 'schedule' });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('<p class="error" id="scheduleAt-error">Pick the date and time to publish at.</p>');
    const past = await t.agent.post('/admin/articles/new', { ...OK, scheduleAt: '2026-11-27T11:59', action: 'schedule' });
    expect(past.body).toContain('<p class="error" id="scheduleAt-error">Pick a time in the future.</p>');
    const junk = await t.agent.post('/admin/articles/new', { ...OK, scheduleAt: 'tomorrow', action: 'schedule' });
    expect(junk.body).toContain('<p class="error" id="scheduleAt-error">Pick a date and time.</p>');
    expect(await t.app.store.articles.allIds()).toEqual([]);
  });

  it('limits the headline to 300 characters', async () => {
    const res = await t.agent.post('/admin/articles/new', { ...OK, headline: 'h'.repeat(301), action: 'save' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<p class="error" id="headline-error">Keep the headline to 300 characters or fewer.</p>');
  });

  it('answers 404 for an article that does not exist, and 400 for a bad id', async () => {
    expect((await t.agent.get('/admin/articles/99')).statusCode).toBe(404);
    expect((await t.agent.get('/admin/articles/abc')).statusCode).toBe(400);
  });
});
