import { describe, expect, it } from 'vitest';
import { EMPTY_FORM, readForm, splitList, validateForm } from './article-form.ts';

const NOW = Date.UTC(2026, 10, 27, 12);
const opts = { scheduling: false, now: NOW, timeZone: 'UTC' };

describe('the editor form', () => {
  it('reads posted fields: missing ones empty, text trimmed, body line endings normalised', () => {
    expect(readForm({ headline: '  Two   spaces ', body: 'a\r\nb\rc', tags: 7, extra: 'x' })).toEqual({ ...EMPTY_FORM, headline: 'Two spaces', body: 'a\nb\nc' });
  });

  it('splits lists on commas, dropping blanks and repeats', () => {
    expect(splitList(' ANPR, , clearing ,anpr,Clearing  house ')).toEqual(['ANPR', 'clearing', 'Clearing house']);
  });

  it('accepts a minimal article', () => {
    expect(validateForm({ ...EMPTY_FORM, headline: 'H', body: 'B' }, opts)).toEqual({});
  });

  it('says what is wrong with each field', () => {
    expect(validateForm({ ...EMPTY_FORM, authors: `${'a'.repeat(101)}`, slug: '---', section: 's'.repeat(81) }, opts)).toEqual({
      headline: 'Write a headline.',
      body: 'Write the body of the article.',
      section: 'Keep the section name to 80 characters or fewer.',
      authors: 'Keep each author’s name to 100 characters or fewer.',
      slug: 'A slug needs at least one letter or digit.',
    });
  });

  it('wants a letter or digit in every section, tag and author name', () => {
    expect(validateForm({ ...EMPTY_FORM, headline: 'H', body: 'B', section: '!!!', tags: 'ok, ???', authors: '-' }, opts)).toEqual({
      section: 'A section name needs at least one letter or digit.',
      tags: 'Each tag needs at least one letter or digit.',
      authors: 'Each author’s name needs at least one letter or digit.',
    });
  });

  it('checks the schedule time only when scheduling', () => {
    const values = { ...EMPTY_FORM, headline: 'H', body: 'B', scheduleAt: '2026-11-27T11:00' };
    expect(validateForm(values, opts)).toEqual({});
    expect(validateForm(values, { ...opts, scheduling: true })).toEqual({ scheduleAt: 'Pick a time in the future.' });
    expect(validateForm({ ...values, scheduleAt: '2026-11-27T12:01' }, { ...opts, scheduling: true })).toEqual({});
  });
});
