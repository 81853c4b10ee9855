import { parseSchedule } from '../../../newsletters/index.ts';
import { type AdminFrame, AdminLayout, CsrfField, PostButton } from './admin-layout.tsx';
import { SelectField } from './form-field.tsx';
import { Notice } from './list-parts.tsx';

const DAYS = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
] as const;
const DAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** The form's fields for a stored schedule (null: sent by hand). */
export function scheduleFormValues(schedule: string | null): { every: string; day: string; time: string } {
  if (!schedule) return { every: 'none', day: 'mon', time: '07:00' };
  const s = parseSchedule(schedule);
  const time = `${String(s.hour).padStart(2, '0')}:${String(s.minute).padStart(2, '0')}`;
  return { every: s.every, day: DAY_KEYS[s.weekday ?? 1] ?? 'mon', time };
}

/** "Daily at 07:00", "Weekly on Friday at 07:00", or "Sent by hand". */
export function scheduleText(schedule: string | null): string {
  if (!schedule) return 'Sent by hand';
  const f = scheduleFormValues(schedule);
  return f.every === 'daily' ? `Daily at ${f.time}` : `Weekly on ${DAYS.find(([k]) => k === f.day)?.[1] ?? f.day} at ${f.time}`;
}

/** A list's schedule: by hand, daily at a time, or weekly on a day at a time (the site's time zone). */
export function NewsletterSchedulePage(props: {
  frame: AdminFrame;
  slug: string;
  name: string;
  schedule: string | null;
  timeZone: string;
  values?: { every: string; day: string; time: string } | undefined;
  problem?: string | undefined;
  notice?: string | undefined;
}) {
  const { frame, slug } = props;
  const v = props.values ?? scheduleFormValues(props.schedule);
  return (
    <AdminLayout frame={frame} title={`Schedule: ${props.name}`}>
      <h1>Schedule of {props.name}</h1>
      <Notice text={props.notice} />
      {props.problem ? (
        <p class="alert" role="alert">
          {props.problem}
        </p>
      ) : null}
      <p>
        Now: <strong>{scheduleText(props.schedule)}</strong> (times in {props.timeZone}, the site's time zone). A scheduled issue is the editor's draft when there is one, else
        assembled from what was published since the last issue.
      </p>
      <form method="post" action={`/admin/newsletters/${slug}/schedule`}>
        <CsrfField csrf={frame.csrf} />
        <SelectField
          id="every"
          label="Send"
          value={v.every}
          options={[
            { value: 'none', label: 'By hand' },
            { value: 'daily', label: 'Daily' },
            { value: 'weekly', label: 'Weekly' },
          ]}
        />
        <SelectField id="day" label="Day (weekly)" value={v.day} options={DAYS.map(([value, label]) => ({ value, label }))} />
        <label for="time">Time</label>
        <input id="time" name="time" type="time" value={v.time} required />
        <div class="actions">
          <button type="submit">Save the schedule</button>
        </div>
      </form>
      {props.schedule ? (
        <PostButton action={`/admin/newsletters/${slug}/schedule`} csrf={frame.csrf} fields={{ every: 'none' }}>
          Remove the schedule
        </PostButton>
      ) : null}
      <p>
        <a href="/admin/newsletters">Back to the newsletters</a>
      </p>
    </AdminLayout>
  );
}
