/** The demo seed's errors (see docs/errors.md). */
import { defineError } from '../lib/errors.ts';

export const DemoSeedFailed = defineError('MH_DEMO_SEED_FAILED', 500, (what: string, why: string) => `The demo content could not be created (${what}): ${why}`);
