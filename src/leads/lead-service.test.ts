import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, TEST_DB, type TestApp } from '../../test/support.ts';
import { csvCell } from './csv.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
let app: TestApp;
let n = 0;

beforeAll(async () => {
  app = await makeTestApp();
  await app.directory.importCompanies([JSON.stringify({ id: '77', name: 'Kapsch TrafficCom', aliases: [], parent: null }), JSON.stringify({ id: '78', name: 'Siemens', aliases: [], parent: null })]);
});
afterAll(async () => {
  await app?.close();
});

async function reader(profile: Partial<Record<'name' | 'company' | 'jobTitle' | 'industry' | 'country', string>> = {}) {
  const { reader } = await app.store.readers.ensure({ email: `reader${++n}@example.com`, status: 'active', source: 'signup', now: app.clock.now });
  await app.store.readers.updateProfile(reader.id, { name: null, company: null, jobTitle: null, industry: null, country: null, ...profile }, app.clock.now);
  return reader.id;
}

async function asset(overrides: Record<string, unknown> = {}) {
  const slug = `report-${++n}`;
  const id = await app.leads.add({ kind: 'white-paper', title: `Tolling in 2030 ${n}`, slug, description: 'What comes after the gantry.', sponsor: '77', requiredFields: ['company', 'jobTitle'], published: true, ...overrides }, 'test');
  await app.leads.uploadFile(id, { filename: 'tolling.pdf', data: PDF }, 'test');
  return { id, slug };
}

describe(`lead generation (${TEST_DB})`, () => {
  it('refuses an asset whose consent line does not name the sponsor, an unknown sponsor or profile field', async () => {
    const base = { kind: 'report', title: 'A report', description: 'd', requiredFields: [], published: false };
    await expect(app.leads.add({ ...base, sponsor: '77', consent: 'I agree to be contacted by partners.' }, 't')).rejects.toMatchObject({ code: 'MH_INVALID_LEAD_ASSET', message: expect.stringContaining('Kapsch TrafficCom') });
    await expect(app.leads.add({ ...base, sponsor: 'nobody' }, 't')).rejects.toMatchObject({ code: 'MH_INVALID_LEAD_ASSET' });
    await expect(app.leads.add({ ...base, sponsor: '77', requiredFields: ['salary'] }, 't')).rejects.toMatchObject({ code: 'MH_INVALID_LEAD_ASSET' });
    // Left empty, the consent line is the standard one, naming the sponsor.
    const id = await app.leads.add({ ...base, sponsor: 'siemens' }, 't');
    expect((await app.leads.asset(id)).consent).toContain('Siemens');
  });

  it('moves the content version on every change, so every node empties its cached resource pages', async () => {
    const before = await app.store.state.contentVersion();
    const { id } = await asset();
    const afterAdd = await app.store.state.contentVersion();
    expect(afterAdd).toBeGreaterThan(before);
    await app.leads.update(id, { kind: 'report', title: 'Renamed', description: 'd', sponsor: '77', requiredFields: [], published: true }, 't');
    expect(await app.store.state.contentVersion()).toBeGreaterThan(afterAdd);
  });

  it('refuses a file that is not a PDF', async () => {
    const { id } = await asset();
    await expect(app.leads.uploadFile(id, { filename: 'x.pdf', data: Buffer.from('<html>') }, 't')).rejects.toMatchObject({ code: 'MH_INVALID_LEAD_ASSET' });
  });

  it('records a lead once, with the values shared and the consent shown at the time', async () => {
    const { id, slug } = await asset();
    const r = await reader({ name: 'Ana Lima', company: 'Autostrade', jobTitle: 'CTO', country: 'IT' });
    await expect(app.leads.deliver(slug, r)).rejects.toMatchObject({ code: 'MH_LEAD_REQUIRED' });
    await expect(app.leads.register(slug, r, false)).rejects.toMatchObject({ code: 'MH_LEAD_CONSENT_REQUIRED' });
    expect(await app.leads.register(slug, r, true)).toEqual({ recorded: true });
    // The profile changes later; the lead keeps what was shared.
    await app.store.readers.updateProfile(r, { name: 'Ana Lima', company: 'Other', jobTitle: 'CEO', industry: null, country: 'IT' }, app.clock.now);
    expect(await app.leads.register(slug, r, true)).toEqual({ recorded: false });
    const leads = await app.leads.leadsOf(id);
    expect(leads).toHaveLength(1);
    // Only the address, the name and the fields the sponsor asked for: not the country.
    expect(leads[0]!.shared).toEqual({ email: expect.stringMatching(/@example\.com$/), name: 'Ana Lima', company: 'Autostrade', jobTitle: 'CTO' });
    expect(leads[0]!.consent).toContain('Kapsch TrafficCom');
    const delivered = await app.leads.deliver(slug, r);
    expect(delivered.kind).toBe('file');
    if (delivered.kind === 'file') {
      const chunks: Buffer[] = [];
      for await (const c of delivered.file.stream) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).equals(PDF)).toBe(true);
    }
  });

  it('asks for the fields the sponsor wants before recording a lead', async () => {
    const { slug } = await asset();
    const r = await reader({ company: 'Autostrade' });
    await expect(app.leads.register(slug, r, true)).rejects.toMatchObject({ code: 'MH_LEAD_PROFILE_INCOMPLETE', message: expect.stringContaining('Job title') });
  });

  it('leaves withdrawn leads out of the list and the CSV, and records a new consent afresh', async () => {
    const { id, slug } = await asset();
    const r = await reader({ company: 'Autostrade', jobTitle: 'CTO' });
    await app.leads.register(slug, r, true);
    const [lead] = await app.leads.ofReader(r);
    expect(await app.leads.withdraw(r + 1000, lead!.id)).toBe(false);
    expect(await app.leads.withdraw(r, lead!.id)).toBe(true);
    expect(await app.leads.leadsOf(id)).toEqual([]);
    expect((await app.leads.csv(slug, 'test')).split('\r\n').filter(Boolean)).toHaveLength(1);
    await expect(app.leads.deliver(slug, r)).rejects.toMatchObject({ code: 'MH_LEAD_REQUIRED' });
    expect((await app.leads.ofReader(r))[0]!.withdrawnAt).toBe(app.clock.now);
    expect(await app.leads.register(slug, r, true)).toEqual({ recorded: true });
    expect(await app.leads.leadsOf(id)).toHaveLength(1);
  });

  it('escapes CSV cells a spreadsheet would run as formulas', async () => {
    const { slug } = await asset();
    const r = await reader({ company: '=HYPERLINK("https://evil.example","x")', jobTitle: '+1-555', name: '@SUM(A1)' });
    await app.leads.register(slug, r, true);
    const rows = (await app.leads.csv(slug, 'test')).split('\r\n');
    expect(rows[0]).toBe('registered_at,email,name,company,job_title,industry,country,asset,sponsor,consent');
    expect(rows[1]).toContain(`,'@SUM(A1),"'=HYPERLINK(""https://evil.example"",""x"")",'+1-555,`);
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect((await app.store.operations.auditOf('lead_asset')).at(-1)).toMatchObject({ actor: 'test', action: 'leads.export', details: { asset: slug, rows: 1 } });
    expect(csvCell('plain')).toBe('plain');
  });

  it('puts leads in the reader’s data export and deletes them with the account', async () => {
    const { id, slug } = await asset();
    const r = await reader({ company: 'Autostrade', jobTitle: 'CTO' });
    await app.leads.register(slug, r, true);
    const data = await app.readerAccounts.exportData(r);
    expect(data.leads).toEqual([expect.objectContaining({ resource: slug, sponsor: 'Kapsch TrafficCom', shared: expect.objectContaining({ company: 'Autostrade' }), withdrawnAt: null })]);
    await app.readerAccounts.deleteAccount(r, 'cli');
    expect(await app.leads.leadsOf(id)).toEqual([]);
    expect(await app.leads.ofReader(r)).toEqual([]);
  });

  it('shows only published assets on the public side', async () => {
    const { slug } = await asset({ published: false });
    await expect(app.leads.publishedAsset(slug)).rejects.toMatchObject({ code: 'MH_LEAD_ASSET_NOT_FOUND' });
    expect((await app.leads.published()).map((a) => a.slug)).not.toContain(slug);
  });
});
