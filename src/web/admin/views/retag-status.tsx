import type { JobState } from '../../../directory/index.ts';

const n = (x: number) => x.toLocaleString('en');

/** The background re-tag's state in one line, as every node reads it from the database. */
export function retagStatusText(s: JobState): string {
  if (s.runningOn) return s.total ? `Re-tagging: ${n(s.done)} of ${n(s.total)} articles` : 'Re-tagging: starting';
  if (s.pending) return 'Re-tagging: queued, starting shortly';
  if (s.error) return `The last re-tag failed (${s.error}); it runs again after the next directory change.`;
  return 'All articles are tagged against the current directory.';
}

export function RetagStatus(props: { state: JobState }) {
  return (
    <p class="retag-status" role="status">
      {retagStatusText(props.state)}
    </p>
  );
}
