import { FONT_CHOICES, FOOTER_FIELDS, MENU_FIELDS, PIN_FIELDS, type SettingsErrors, type SettingsField, type SettingsForm, type SiteSettings, SOCIAL_FIELDS } from '../../../admin/index.ts';
import { type AdminFrame, AdminLayout, CsrfField } from './admin-layout.tsx';
import { ErrorSummary, InputField, SelectField } from './form-field.tsx';
import { Notice } from './list-parts.tsx';

export interface SettingsPageProps {
  readonly frame: AdminFrame;
  readonly form: SettingsForm;
  readonly errors: SettingsErrors;
  /** The environment's values, shown as each field's default. */
  readonly defaults: SiteSettings;
  readonly timeZones: readonly string[];
  readonly notice?: string | undefined;
  /** With several sites: the site these settings are for. */
  readonly siteName?: string | undefined;
  readonly rebuilding: boolean;
  /** The latest published stories, offered when pinning home-page stories. */
  readonly recent: readonly { readonly slug: string; readonly headline: string }[];
  /** The latest images in the media library, offered as the site's logo. */
  readonly images: readonly { readonly id: number; readonly filename: string; readonly alt: string }[];
  /** Every section and static page, offered for the menus. */
  readonly sections?: readonly { readonly slug: string; readonly name: string }[];
  readonly pages?: readonly { readonly slug: string; readonly title: string }[];
}

type Numeric = Exclude<SettingsField, 'title' | 'description' | 'timeZone' | 'accentColour' | 'headingFont' | 'bodyFont' | 'logoMedia' | 'readerRequiredFields' | (typeof SOCIAL_FIELDS)[number] | (typeof PIN_FIELDS)[number]>;

const RELATED: readonly { field: Numeric; label: string; hint: string }[] = [
  { field: 'relatedCount', label: 'Related articles per article', hint: 'How many related articles each article lists.' },
  { field: 'halfLifeDays', label: 'Recency half-life (days)', hint: 'An article this many days older or newer counts for less; how much less is the recency strength.' },
  { field: 'recencyStrength', label: 'Recency strength', hint: 'The most an old article can lose for its age, from 0 (none) to 0.5 (half).' },
  { field: 'weightText', label: 'Weight of shared words', hint: 'How much the text of two articles counts.' },
  { field: 'weightCompanies', label: 'Weight of shared companies', hint: 'Rare companies count more than common ones.' },
  { field: 'weightSection', label: 'Weight of the same section', hint: 'A bonus for articles in the same section.' },
  { field: 'weightTags', label: 'Weight of shared tags', hint: 'Rare tags count more than common ones.' },
  { field: 'diversity', label: 'Diversity', hint: 'From 0 to 1: how strongly a list avoids several articles about the same story.' },
];

/** Site settings (admins): the site's title and description, time zone, paging, home-page pins, related-content tuning. */
export function SettingsPage(props: SettingsPageProps) {
  const { frame, form, errors, defaults } = props;
  const byDefault = (f: SettingsField) => `Default: ${String(defaults[f]) || '(empty)'}.`;
  const zones = props.timeZones.includes(form.timeZone) || !form.timeZone ? props.timeZones : [form.timeZone, ...props.timeZones];
  return (
    <AdminLayout frame={frame} title="Site settings">
      <h1>Site settings</h1>
      <Notice text={props.notice} />
      {props.siteName && (
        <p class="hint">
          For <strong>{props.siteName}</strong>: its title, description, time zone, posts per page, home-page pins, look, social links and menus. Related content, reader profile fields and the registration wall are shared by every site.
        </p>
      )}
      {props.rebuilding && (
        <p class="notice" role="status">
          Related lists are being recomputed with the new settings; pages show the new lists as each part finishes.
        </p>
      )}
      <ErrorSummary errors={errors} />
      <form method="post" action="/admin/settings" novalidate>
        <CsrfField csrf={frame.csrf} />
        <fieldset>
          <legend>The site</legend>
          <InputField id="title" label="Site title" value={form.title} error={errors.title} hint={byDefault('title')} required />
          <InputField id="description" label="Description" value={form.description} error={errors.description} hint="Shown under the title in feeds and search results." />
          <SelectField
            id="timeZone"
            label="Time zone"
            value={form.timeZone}
            error={errors.timeZone}
            hint={`Dates on the site and schedule times in the editor use it. ${byDefault('timeZone')}`}
            options={zones.map((z) => ({ value: z, label: z.replaceAll('_', ' ') }))}
          />
          <SelectField
            id="logoMedia"
            label="Logo"
            value={form.logoMedia}
            error={errors.logoMedia}
            hint="An image from the media library (upload it there first), shown in the masthead with the site title as its text alternative, and as the publisher's logo for search engines."
            options={[
              { value: '', label: 'None: the site title in type' },
              // The saved logo stays chosen even when it is older than the images listed.
              ...(form.logoMedia && !props.images.some((m) => String(m.id) === form.logoMedia) ? [{ value: form.logoMedia, label: `Image ${form.logoMedia}` }] : []),
              ...props.images.map((m) => ({ value: String(m.id), label: `${m.filename}${m.alt ? ` (${m.alt})` : ''}` })),
            ]}
          />
          <InputField
            id="accentColour"
            label="Accent colour"
            value={form.accentColour}
            error={errors.accentColour}
            hint="Links and buttons, as # and six hex digits (such as #0b5cad); empty for the default blue. It must have a contrast of at least 4.5:1 on white (WCAG AA): a lighter colour is refused."
          />
          <SelectField
            id="headingFont"
            label="Heading font"
            value={form.headingFont}
            error={errors.headingFont}
            hint={`The masthead, headlines and headings. Fonts are served from this site (no font service sees your readers). ${byDefault('headingFont')}`}
            options={FONT_CHOICES.map((f) => ({ value: f.id, label: f.label }))}
          />
          <SelectField
            id="bodyFont"
            label="Body font"
            value={form.bodyFont}
            error={errors.bodyFont}
            hint={`Article text, lists and navigation. ${byDefault('bodyFont')}`}
            options={FONT_CHOICES.map((f) => ({ value: f.id, label: f.label }))}
          />
          <InputField id="postsPerPage" label="Articles per page" value={form.postsPerPage} inputMode="numeric" error={errors.postsPerPage} hint={`On the home page and every list. ${byDefault('postsPerPage')}`} />
        </fieldset>
        <fieldset>
          <legend>Social links</legend>
          <p class="hint">The publisher's profiles (LinkedIn, X, Mastodon…) as full addresses, listed under Follow in every page's footer.</p>
          {SOCIAL_FIELDS.map((f, i) => (
            <InputField key={f} id={f} label={`Social link ${i + 1}`} value={form[f]} error={errors[f]} />
          ))}
        </fieldset>
        <MenuFields form={form} errors={errors} sections={props.sections ?? []} pages={props.pages ?? []} />
        <fieldset>
          <legend>Readers</legend>
          <InputField
            id="readerRequiredFields"
            label="Required profile fields"
            value={form.readerRequiredFields}
            error={errors.readerRequiredFields}
            hint="What a reader must fill in on their account page, comma-separated, among: name, company, jobTitle, industry, country. Empty: only the email address."
          />
          <InputField
            id="freeArticlesPerMonth"
            label="Free articles a month (registration wall)"
            value={form.freeArticlesPerMonth}
            inputMode="numeric"
            error={errors.freeArticlesPerMonth}
            hint="How many articles a browser may read each month before being asked to sign in or register (sponsored articles are always free). 0: no wall."
          />
        </fieldset>
        <fieldset>
          <legend>Home page</legend>
          <p class="hint">
            Pin the lead story and up to four featured stories by slug (the part of the address after /news/; pasting the address works too). Leave a field empty for the newest story. A pinned story
            that is unpublished or deleted gives way to the newest.
          </p>
          {PIN_FIELDS.map((f, i) => (
            <InputField
              key={f}
              id={f}
              label={i === 0 ? 'Lead story' : `Featured story ${i}`}
              value={form[f]}
              list="recent-stories"
              error={errors[f]}
              hint={i === 0 ? 'Shown first, with a large image.' : undefined}
            />
          ))}
          <datalist id="recent-stories">
            {props.recent.map((a) => (
              <option key={a.slug} value={a.slug}>
                {a.headline}
              </option>
            ))}
          </datalist>
        </fieldset>
        <fieldset>
          <legend>Related content</legend>
          <p class="hint">Changing these recomputes every related list in the background.</p>
          {RELATED.map((r) => (
            <InputField
              key={r.field}
              id={r.field}
              label={r.label}
              value={form[r.field]}
              inputMode={r.field === 'relatedCount' ? 'numeric' : 'decimal'}
              error={errors[r.field]}
              hint={`${r.hint} ${byDefault(r.field)}`}
            />
          ))}
        </fieldset>
        <div class="actions">
          <button type="submit">Save settings</button>
        </div>
      </form>
    </AdminLayout>
  );
}

/** The header's sections and the footer's pages, in the order chosen; a choice no longer listed stays offered. */
function MenuFields(props: { form: SettingsForm; errors: SettingsErrors; sections: readonly { slug: string; name: string }[]; pages: readonly { slug: string; title: string }[] }) {
  const { form, errors } = props;
  const options = (value: string, items: readonly { value: string; label: string }[]) => [
    { value: '', label: '(none)' },
    ...(value && !items.some((i) => i.value === value) ? [{ value, label: value }] : []),
    ...items,
  ];
  const sections = props.sections.map((s) => ({ value: s.slug, label: s.name }));
  const pages = props.pages.map((p) => ({ value: p.slug, label: p.title }));
  return (
    <fieldset>
      <legend>Menus</legend>
      <p class="hint">
        The sections the header names, in this order (every section stays listed on the Topics page). Leave them all empty to name the {MENU_FIELDS.length} busiest sections automatically.
      </p>
      {MENU_FIELDS.map((f, i) => (
        <SelectField key={f} id={f} label={`Header section ${i + 1}`} value={form[f]} error={errors[f]} options={options(form[f], sections)} />
      ))}
      <p class="hint">The publisher's pages the footer lists, in this order. Leave them all empty to list every page (About, Contact, Advertise, Privacy, Terms first).</p>
      {FOOTER_FIELDS.map((f, i) => (
        <SelectField key={f} id={f} label={`Footer page ${i + 1}`} value={form[f]} error={errors[f]} options={options(form[f], pages)} />
      ))}
    </fieldset>
  );
}
