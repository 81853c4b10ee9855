import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvField, readSubscriberCsv, type SubscriberRecord, subscriberCsvLine } from './index.ts';

async function read(text: string): Promise<SubscriberRecord[]> {
  const out: SubscriberRecord[] = [];
  for await (const r of readSubscriberCsv(Readable.from([Buffer.from(text)]))) out.push(r);
  return out;
}

describe('subscriber CSV', () => {
  it('reads quoted fields, a BOM, any header case and order, CRLF, and reports bad rows by line', async () => {
    const rows = await read('\uFEFFCountry,EMAIL,Job_Title,ignored\r\nFR,a@example.com,"Head of ""Tolls"", North",x\r\n\r\nDE,,Engineer,y\r\nIT,b@example.com\r\n');
    expect(rows).toEqual([
      { line: 2, country: 'FR', email: 'a@example.com', jobTitle: 'Head of "Tolls", North' },
      { line: 4, error: 'no email address' },
      { line: 5, error: 'wrong number of fields' },
    ]);
  });

  it('counts lines inside a quoted field that spans lines', async () => {
    const rows = await read('email,name\na@example.com,"Two\nlines"\nb@example.com,Bea\n');
    expect(rows.map((r) => r.line)).toEqual([3, 4]);
  });

  it('refuses a file without an email column', async () => {
    await expect(read('name,company\nAda,Engines\n')).rejects.toMatchObject({ code: 'MH_INVALID_SUBSCRIBER_FILE' });
  });

  it('writes fields a spreadsheet reads back as the same text', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, "b"')).toBe('"a, ""b"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(null)).toBe('');
    expect(subscriberCsvLine({ readerId: 1, email: 'a@example.com', name: 'Ada', company: null, jobTitle: null, country: 'GB', status: 'unsubscribed' })).toBe('a@example.com,Ada,,,GB,unsubscribed');
  });
});
