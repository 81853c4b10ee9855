import type { UserRecord } from '../store/index.ts';
import { Forbidden } from './errors.ts';

/** Editors and admins only: a contributor gets 403 ("Your role may not `what`."). */
export function requireEditor(user: UserRecord, what: string): void {
  if (user.role === 'contributor') throw Forbidden(what);
}
