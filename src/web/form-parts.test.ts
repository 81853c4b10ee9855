import { describe, expect, it } from 'vitest';
import { formText, uploadedFile } from './form-parts.ts';

describe('form parts', () => {
  it('reads a text field from a urlencoded body and from a multipart part', () => {
    expect(formText({ _csrf: 'abc' }, '_csrf')).toBe('abc');
    expect(formText({ alt: { type: 'field', value: 'A badge' } }, 'alt')).toBe('A badge');
  });

  it('reads absent or oddly shaped fields as empty, never throwing', () => {
    for (const body of [undefined, null, 'text', {}, { _csrf: 3 }, { _csrf: { value: 3 } }, { _csrf: ['a'] }]) expect(formText(body, '_csrf')).toBe('');
    // Only the body's own fields count, not what its prototype carries.
    expect(formText({}, 'toString')).toBe('');
  });

  it('gives the file part as name and bytes, and nothing when the part is missing or a text field', async () => {
    const file = { type: 'file', filename: 'a.png', toBuffer: async () => Buffer.from('png') };
    expect(await uploadedFile({ file })).toEqual({ filename: 'a.png', data: Buffer.from('png') });
    expect(await uploadedFile({ file: { type: 'field', value: 'a.png' } })).toEqual({ filename: '', data: Buffer.alloc(0) });
    expect(await uploadedFile(undefined)).toEqual({ filename: '', data: Buffer.alloc(0) });
  });
});
