import type { SponsorshipErrors, SponsorshipForm } from '../../../admin/index.ts';
import { CsrfField, PostButton } from './admin-layout.tsx';
import { InputField } from './form-field.tsx';

/** A section's or tag's sponsorship as the admin shows it: days in the site's time zone. */
export interface SponsorshipView {
  readonly company: { readonly slug: string; readonly name: string };
  readonly firstDay: string;
  readonly lastDay: string;
  readonly state: 'upcoming' | 'running' | 'ended';
}

const STATE: Record<SponsorshipView['state'], string> = { upcoming: 'not started yet', running: 'running now', ended: 'ended' };

/**
 * Set or clear the sponsorship of a section or tag: during its days the public page reads
 * "<Name>, in association with <Company>".
 */
export function TermSponsorshipSection(props: { base: string; csrf: string; name: string; current: SponsorshipView | undefined; form: SponsorshipForm; errors: SponsorshipErrors }) {
  const { current, form, errors } = props;
  return (
    <section aria-labelledby="sponsorship-heading">
      <h2 id="sponsorship-heading">Sponsorship</h2>
      {current ? (
        <p id="sponsorship-current">
          “{props.name}, in association with <a href={`/companies/${current.company.slug}`}>{current.company.name}</a>” from {current.firstDay} to {current.lastDay} ({STATE[current.state]}).
        </p>
      ) : (
        <p id="sponsorship-current">Not sponsored.</p>
      )}
      <form method="post" action={`${props.base}/sponsorship`} novalidate>
        <CsrfField csrf={props.csrf} />
        <InputField id="company" label="Sponsoring company (name or slug)" value={form.company} error={errors.company} hint="A company in the directory." />
        <InputField id="starts" label="First day" type="date" value={form.starts} error={errors.starts} />
        <InputField id="ends" label="Last day" type="date" value={form.ends} error={errors.ends} hint="The label shows from the first day's midnight to the end of the last day, in the site's time zone." />
        <div class="actions">
          <button type="submit">{current ? 'Replace sponsorship' : 'Set sponsorship'}</button>
        </div>
      </form>
      {current && (
        <PostButton action={`${props.base}/sponsorship/clear`} csrf={props.csrf} secondary>
          Clear sponsorship
        </PostButton>
      )}
    </section>
  );
}
