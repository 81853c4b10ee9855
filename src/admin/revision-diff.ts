import { diffWords } from 'diff';

/** The text a revision keeps: what restore puts back, and what the diff view compares. */
export interface RevisionText {
  readonly headline: string;
  readonly standfirst: string;
  readonly body: string;
}

/** A run of words the two versions share, or that only the newer (`added`) or older (`removed`) has. */
export interface DiffPart {
  readonly kind: 'same' | 'added' | 'removed';
  readonly text: string;
}

export interface FieldDiff {
  readonly field: keyof RevisionText;
  readonly label: string;
  readonly changed: boolean;
  readonly parts: readonly DiffPart[];
}

const FIELDS: readonly { field: keyof RevisionText; label: string }[] = [
  { field: 'headline', label: 'Headline' },
  { field: 'standfirst', label: 'Standfirst' },
  { field: 'body', label: 'Body' },
];

/** A word-level diff (jsdiff's `diffWords`) from `before` to `after`. */
export function diffText(before: string, after: string): DiffPart[] {
  return diffWords(before, after).map((c) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));
}

/**
 * Headline, standfirst and body of two versions, word by word, older first.
 *
 * @example
 * diffRevision(old, current).find((f) => f.field === 'headline')?.parts
 * // [{ kind: 'same', text: 'Tolls ' }, { kind: 'removed', text: 'rise' }, { kind: 'added', text: 'fall' }]
 */
export function diffRevision(before: RevisionText, after: RevisionText): FieldDiff[] {
  return FIELDS.map(({ field, label }) => ({ field, label, changed: before[field] !== after[field], parts: diffText(before[field], after[field]) }));
}
