import { describe, expect, it } from 'vitest';
import type { PublishPipeline } from '../publish/index.ts';
import type { Store } from '../store/index.ts';
import { EditorService } from './editor-service.ts';

/** Plain fakes of the repositories the editor's list filters and preview read (no database, no pipeline). */
function editor(repos: Record<string, object>): EditorService {
  return new EditorService({ store: repos as unknown as Store, pipeline: {} as PublishPipeline, clock: () => 0, timeZone: 'UTC' });
}

const acme = { id: 9, source_id: 'c-9', slug: 'acme', name: 'Acme' };
const companies = {
  byName: async (name: string) => (name.toLowerCase() === 'acme' ? [acme] : []),
  bySlug: async (slug: string) => (slug === 'acme' || slug === 'acme-ltd' ? acme : undefined),
};

describe('EditorService.listFilters', () => {
  const sectionsAsked: unknown[] = [];
  const repos = {
    taxonomy: {
      sections: async (siteId: number | undefined) => {
        sectionsAsked.push(siteId);
        return [
          { slug: 'ports', site_id: 1 },
          { slug: 'rail', site_id: 2 },
          { slug: 'air', site_id: 3 },
        ];
      },
      authorBySlug: async (slug: string) => (slug === 'ann-lee' ? { id: 5, slug } : undefined),
    },
    companies,
  };

  it("keeps the sections of the sites in scope, and finds the author and company by name or slug", async () => {
    sectionsAsked.length = 0;
    const found = await editor(repos).listFilters([1, 3], { author: 'Ann Lee', company: 'Acme Ltd' });
    expect(found.sections.map((s) => s.slug)).toEqual(['ports', 'air']);
    expect(found.author).toEqual({ id: 5, slug: 'ann-lee' });
    expect(found.company).toEqual(acme);
    // One site in scope: its own sections are asked for; several or none: every site's.
    await editor(repos).listFilters([2], { author: '', company: '' });
    expect(sectionsAsked).toEqual([undefined, 2]);
  });

  it('finds no author or company for an unknown name, and looks for none when none is typed', async () => {
    const unknown = await editor(repos).listFilters(undefined, { author: 'Nobody', company: 'Nothing' });
    expect([unknown.sections.length, unknown.author, unknown.company]).toEqual([3, undefined, undefined]);
    const none = await editor({ ...repos, companies: {} }).listFilters(undefined, { author: '', company: '' });
    expect([none.author, none.company]).toEqual([undefined, undefined]);
  });
});

describe('EditorService.previewRefs', () => {
  const repos = {
    media: { byId: async (id: number) => (id === 4 ? { id: 4, width: 4000, format: 'jpeg', alt: 'A ship' } : undefined) },
    companies,
  };

  it('gives the library image at the lead width and the sponsor by slug or name', async () => {
    const refs = await editor(repos).previewRefs('4', 'ACME');
    expect(refs.image?.alt).toBe('A ship');
    expect(refs.image?.url).toMatch(/^\/media\/4\//);
    expect(refs.sponsor).toEqual({ id: 9, sourceId: 'c-9', slug: 'acme', name: 'Acme' });
  });

  it('gives nothing for an image that is gone, a kept imported image, or no sponsor', async () => {
    expect(await editor(repos).previewRefs('5', '')).toEqual({ image: undefined, sponsor: undefined });
    expect(await editor({}).previewRefs('keep', '')).toEqual({ image: undefined, sponsor: undefined });
  });
});
