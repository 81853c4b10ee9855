import { expect, it } from 'vitest';
import type { UserRecord } from '../store/index.ts';
import { AccountService, type AccountServiceDeps } from './account-service.ts';

const ann = { id: 3, email: 'ann@example.com', name: 'Ann', role: 'editor', disabled: false } as UserRecord;

/** Plain fakes of the repositories a user's admin page reads (no database). */
const accounts = new AccountService({
  clock: () => 0,
  store: {
    users: { byId: async (id: number) => (id === ann.id ? ann : undefined), byEmail: async (email: string) => (email === ann.email ? { ...ann, passwordHash: 'x' } : undefined) },
    sessions: { countOf: async (id: number) => (id === ann.id ? 2 : 0) },
    sites: { staffSites: async (id: number) => (id === ann.id ? [1, 4] : []) },
  } as unknown as AccountServiceDeps['store'],
});

it('finds a user by id, and no one for an unknown id', async () => {
  expect(await accounts.user(3)).toEqual(ann);
  expect(await accounts.user(4)).toBeUndefined();
});

it('says an email is taken whatever its case and spacing, as sign-in folds it', async () => {
  expect(await accounts.emailTaken(' Ann@Example.COM ')).toBe(true);
  expect(await accounts.emailTaken('bob@example.com')).toBe(false);
});

it("gives a user's open sessions and the sites they are limited to", async () => {
  expect(await accounts.accessOf(3)).toEqual({ sessions: 2, sites: [1, 4] });
  expect(await accounts.accessOf(5)).toEqual({ sessions: 0, sites: [] });
});
