import { describe, expect, it } from 'vitest';
import { type RankContext, rankRelated } from './rank-related.ts';
import { resolveWeights } from './related-weights.ts';
import type { RelatedDocMeta, Signature } from './types.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 0, 10);

const QUERY_SIG: Signature = {
  terms: ['renault', 'nissan', 'allianc', 'korea', 'invest', 'plant', 'samsung'],
  weights: [0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2],
  surface: ['renault', 'nissan', 'alliance', 'korea', 'investment', 'plant', 'samsung'],
};

const docs: Record<number, { meta: RelatedDocMeta; sig: Signature }> = {
  2: {
    meta: {
      id: 2,
      title: 'Alliance sales',
      section: 'automotive',
      tags: ['electric vehicles', 'Korea'],
      companies: ['c-nissan', 'c-renault', 'c-dacia'],
      publishedAt: NOW - 400.4 * DAY,
    },
    sig: {
      terms: ['samsung', 'plant', 'invest', 'korea', 'allianc', 'nissan', 'other'],
      weights: [0.1, 0.1, 0.2, 0.3, 0.5, 0.6, 0.4],
    },
  },
  3: {
    meta: {
      id: 3,
      title: 'A newer story',
      section: null,
      tags: [],
      companies: [],
      publishedAt: NOW + 2 * DAY,
    },
    sig: { terms: ['korea'], weights: [1] },
  },
};

const context: RankContext = {
  docCount: 1000,
  doc: (id) => docs[id]?.meta,
  signature: (id) => docs[id]?.sig,
  companyDf: (c) => ({ 'c-renault': 300, 'c-nissan': 20 })[c] ?? 0,
  tagDf: (t) => ({ korea: 5, 'electric vehicles': 100 })[t] ?? 0,
};

const query: RelatedDocMeta = {
  id: 1,
  title: 'Renault invests in Korea',
  section: 'Automotive',
  tags: ['EV', 'Electric Vehicles', 'korea'],
  companies: ['c-renault', 'c-nissan'],
  publishedAt: NOW,
};

describe('explanations', () => {
  const weights = resolveWeights({ diversity: 0 });
  const [first, second] = rankRelated({ doc: query, signature: QUERY_SIG }, [
    { id: 2, textScore: 0.6 },
    { id: 3, textScore: 0.35 },
  ], context, weights);

  it('name everything the score came from', () => {
    expect(first).toEqual({
      id: 2,
      score: expect.any(Number),
      why: {
        // Nissan (20 articles of 1000) is rarer than Renault (300).
        sharedCompanies: ['c-nissan', 'c-renault'],
        // Contributions: nissan .27, allianc .2, korea .105, invest .06, plant .025, samsung .02.
        sharedTerms: ['nissan', 'alliance', 'korea', 'investment', 'plant'],
        sameSection: true,
        // As the query article spells them; Korea (5 articles) before electric vehicles (100).
        sharedTags: ['korea', 'Electric Vehicles'],
        ageDays: 400,
        nearDuplicate: false,
      },
    });
  });

  it('give a newer article a negative age and empty lists when nothing is shared', () => {
    expect(second!.why).toEqual({
      sharedCompanies: [],
      sharedTerms: ['korea'],
      sameSection: false,
      sharedTags: [],
      ageDays: -2,
      nearDuplicate: false,
    });
  });

  it('fall back to stems when the query signature has no surface forms', () => {
    const [item] = rankRelated(
      { doc: query, signature: { terms: QUERY_SIG.terms, weights: QUERY_SIG.weights } },
      [{ id: 2, textScore: 0.6 }],
      context,
      weights,
    );
    expect(item!.why.sharedTerms).toEqual(['nissan', 'allianc', 'korea', 'invest', 'plant']);
  });
});
