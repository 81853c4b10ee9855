import type { DirectoryEntry } from '../src/tagging/index.ts';

/** The companies of the seed article (../shared/seed/000_856dfffb84b6831f.txt), as the directory holds them. */
export const SEED_COMPANIES: readonly DirectoryEntry[] = [
  { id: '2453', name: 'Renault', aliases: [] },
  { id: '838', name: 'Nissan', aliases: [] },
  { id: '4777', name: 'Infiniti', aliases: [] },
  { id: '1973', name: 'Dacia', aliases: [] },
  { id: '9001', name: 'Renault Samsung Motors', aliases: ['RSM'] },
];

const byId = new Map(SEED_COMPANIES.map((c) => [c.id, c]));

/** The directory lookup that legacy-id clean-up takes: one of the seed companies by id. */
export const seedCompany = (id: string): DirectoryEntry | undefined => byId.get(id);
