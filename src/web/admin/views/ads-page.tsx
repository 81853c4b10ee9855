import type { CampaignInput, CampaignSummary } from '../../../ads/index.ts';
import { type AdminFrame, AdminLayout, CsrfField, PostButton } from './admin-layout.tsx';
import { ListTable, Notice } from './list-parts.tsx';

/** A campaign form's text fields, as typed (lists comma-separated, dates YYYY-MM-DD in UTC). */
export interface CampaignFormValues {
  readonly name: string;
  readonly advertiser: string;
  readonly starts: string;
  readonly ends: string;
  readonly weight: string;
  readonly impressionCap: string;
  readonly clickCap: string;
  readonly sections: string;
  readonly tags: string;
  readonly companies: string;
  readonly avoidCompanies: string;
  /** '1': the campaign runs on every site, not only the admin's current one. */
  readonly allSites: string;
}

export const EMPTY_CAMPAIGN: CampaignFormValues = { name: '', advertiser: '', starts: '', ends: '', weight: '1', impressionCap: '', clickCap: '', sections: '', tags: '', companies: '', avoidCompanies: '', allSites: '' };

const day = (ms: number | null | undefined) => (ms == null ? '' : new Date(ms).toISOString().slice(0, 10));

/** A stored campaign as its form shows it. */
export function campaignFormValues(c: CampaignInput): CampaignFormValues {
  return {
    name: c.name,
    advertiser: c.advertiser ?? '',
    starts: day(c.startsAt),
    ends: day(c.endsAt),
    weight: String(c.weight ?? 1),
    impressionCap: c.impressionCap == null ? '' : String(c.impressionCap),
    clickCap: c.clickCap == null ? '' : String(c.clickCap),
    sections: (c.sections ?? []).join(', '),
    tags: (c.tags ?? []).join(', '),
    companies: (c.companies ?? []).join(', '),
    avoidCompanies: (c.avoidCompanies ?? []).join(', '),
    allSites: c.siteId === null ? '1' : '',
  };
}

function Problem(props: { text?: string | undefined }) {
  return props.text ? (
    <p class="alert" role="alert">
      {props.text}
    </p>
  ) : null;
}


function Text(props: { id: string; label: string; value: string; hint?: string; type?: 'text' | 'date' | 'number' }) {
  return (
    <>
      <label for={props.id}>{props.label}</label>
      <input id={props.id} name={props.id} type={props.type ?? 'text'} value={props.value} aria-describedby={props.hint ? `${props.id}-hint` : undefined} />
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
    </>
  );
}

/** With several sites, the current one's name: the campaign runs there unless it runs on every site. */
function CampaignFields(props: { form: CampaignFormValues; siteName?: string | undefined }) {
  const f = props.form;
  return (
    <>
      <Text id="name" label="Campaign name" value={f.name} />
      {props.siteName !== undefined && (
        <p>
          <input id="allSites" name="allSites" type="checkbox" value="1" checked={f.allSites === '1'} aria-describedby="allSites-hint" /> <label for="allSites">Run on every site</label>
          <span class="hint" id="allSites-hint">
            {' '}
            Unticked: only on {props.siteName}.
          </span>
        </p>
      )}
      <Text id="advertiser" label="Advertiser" value={f.advertiser} hint="A directory company: its slug or directory id. Optional." />
      <Text id="starts" label="Starts (UTC)" type="date" value={f.starts} hint="Empty: now." />
      <Text id="ends" label="Ends (UTC)" type="date" value={f.ends} hint="Empty: until ended." />
      <Text id="weight" label="Weight" type="number" value={f.weight} hint="Its share against other campaigns in the same slot, 1 to 1,000." />
      <Text id="impressionCap" label="Impression cap" type="number" value={f.impressionCap} hint="Optional." />
      <Text id="clickCap" label="Click cap" type="number" value={f.clickCap} hint="Optional." />
      <Text id="sections" label="Only in sections" value={f.sections} hint="Section slugs, comma-separated. Empty: any." />
      <Text id="tags" label="Only with tags" value={f.tags} hint="Tag slugs, comma-separated. Empty: any." />
      <Text id="companies" label="Only next to companies" value={f.companies} hint="Company slugs or directory ids. Empty: any." />
      <Text id="avoidCompanies" label="Never next to companies" value={f.avoidCompanies} hint="Company slugs or directory ids (competitors)." />
    </>
  );
}

export interface AdsPageProps {
  readonly frame: AdminFrame;
  readonly campaigns: readonly CampaignSummary[];
  readonly form: CampaignFormValues;
  readonly adsTxt: string;
  readonly tagOrigins: readonly string[];
  readonly sellersJson: string;
  /** With several sites, the admin's current site: what the list, the report and ads.txt are of. */
  readonly siteName?: string | undefined;
  readonly problem?: string | undefined;
  readonly notice?: string | undefined;
}

/** Advertising: campaigns with their creatives and counts, a new campaign, ads.txt and the tag origins. */
export function AdsPage(props: AdsPageProps) {
  const { frame } = props;
  return (
    <AdminLayout frame={frame} title="Advertising">
      <h1>Advertising</h1>
      <Notice text={props.notice} />
      <Problem text={props.problem} />
      <p>
        <a href="/admin/ads/report">Report by day</a> · <a href="/admin/ads/report.csv">Download the report (CSV)</a>
      </p>
      {/* Six columns do not fit a phone: the list scrolls in its own box, which the keyboard can reach. */}
      <div class="table-scroll" role="region" aria-label="Campaigns" tabindex={0}>
      <ListTable headings={['Campaign', 'Advertiser', props.siteName !== undefined && 'Sites', 'Runs', 'Creatives', 'Impressions', 'Clicks']}>
        {props.campaigns.map((c) => (
          <tr key={c.id}>
            <td>
              <a href={`/admin/ads/campaigns/${c.id}`}>{c.name}</a>
            </td>
            <td>{c.advertiser?.name ?? '—'}</td>
            {props.siteName !== undefined && <td>{c.siteId === null ? 'Every site' : props.siteName}</td>}
            <td>
              {c.live ? 'Live' : 'Not live'} ({day(c.startsAt) || 'now'} – {day(c.endsAt) || 'open'})
            </td>
            <td>{c.creatives.map((k) => `${k.slot} (${k.kind})`).join(', ') || 'None yet'}</td>
            <td>{c.creatives.reduce((n, k) => n + k.impressions, 0)}</td>
            <td>{c.creatives.reduce((n, k) => n + k.clicks, 0)}</td>
          </tr>
        ))}
      </ListTable>
      </div>
      <h2>New campaign</h2>
      <form method="post" action="/admin/ads/campaigns">
        <CsrfField csrf={frame.csrf} />
        <CampaignFields form={props.form} siteName={props.siteName} />
        <div class="actions">
          <button type="submit">Add campaign</button>
        </div>
      </form>
      <h2>ads.txt and sellers.json</h2>
      <form method="post" action="/admin/ads/settings">
        <CsrfField csrf={frame.csrf} />
        <label for="adsTxt">{props.siteName === undefined ? 'ads.txt (served at /ads.txt)' : `ads.txt of ${props.siteName} (served at its /ads.txt; each site has its own)`}</label>
        <textarea id="adsTxt" name="adsTxt" rows={6}>
          {props.adsTxt}
        </textarea>
        <label for="tagOrigins">Origins tag creatives may load from{props.siteName === undefined ? '' : ' (every site)'}</label>
        <textarea id="tagOrigins" name="tagOrigins" rows={4} aria-describedby="tagOrigins-hint">
          {props.tagOrigins.join('\n')}
        </textarea>
        <p class="hint" id="tagOrigins-hint">
          One per line, e.g. https://securepubads.g.doubleclick.net. Only tag creatives' own framed documents may load from them.
        </p>
        <label for="sellersJson">sellers.json (served at /sellers.json{props.siteName === undefined ? '' : ' on every site: the publisher is one seller'}; empty: none)</label>
        <textarea id="sellersJson" name="sellersJson" rows={8} aria-describedby="sellersJson-hint">
          {props.sellersJson}
        </textarea>
        <p class="hint" id="sellersJson-hint">
          IAB sellers.json: {'{"version": "1.0", "sellers": [{"seller_id": "…", "seller_type": "PUBLISHER", "name": "…", "domain": "…"}]}'}. Checked when saved.
        </p>
        <div class="actions">
          <button type="submit">Save</button>
        </div>
      </form>
    </AdminLayout>
  );
}

export interface CampaignPageProps {
  readonly frame: AdminFrame;
  readonly campaign: CampaignSummary;
  readonly form: CampaignFormValues;
  readonly images: readonly { id: number; filename: string; alt: string }[];
  readonly slots: readonly string[];
  readonly siteName?: string | undefined;
  readonly problem?: string | undefined;
  readonly notice?: string | undefined;
}

/** One campaign: its creatives with counts, add a creative (image or tag), edit, end. */
export function CampaignPage(props: CampaignPageProps) {
  const { frame, campaign: c } = props;
  const base = `/admin/ads/campaigns/${c.id}`;
  return (
    <AdminLayout frame={frame} title={`Campaign: ${c.name}`}>
      <p>
        <a href="/admin/ads">All campaigns</a>
      </p>
      <h1>{c.name}</h1>
      <Notice text={props.notice} />
      <Problem text={props.problem} />
      <p>
        {c.live ? 'Live now.' : 'Not live now.'} <a href={`/admin/ads/report.csv?campaign=${c.id}`}>Report for the advertiser (CSV)</a>
      </p>
      <h2>Creatives</h2>
      <ListTable headings={['Creative', 'Slot', 'Shows', 'Impressions', 'Clicks']}>
        {c.creatives.map((k) => (
          <tr key={k.id}>
            <td>{k.id}</td>
            <td>{k.slot}</td>
            <td>{k.kind === 'image' ? `Image ${k.mediaId} “${k.alt}” → ${k.url}` : 'Third-party tag'}</td>
            <td>{k.impressions}</td>
            <td>{k.clicks}</td>
          </tr>
        ))}
      </ListTable>
      <h2>Add an image creative</h2>
      <form method="post" action={`${base}/creatives`}>
        <CsrfField csrf={frame.csrf} />
        <input type="hidden" name="kind" value="image" />
        <SlotSelect id="image-slot" slots={props.slots} />
        <label for="mediaId">Image (from the media library)</label>
        <select id="mediaId" name="mediaId">
          {props.images.map((m) => (
            <option key={m.id} value={String(m.id)}>
              {m.filename} — {m.alt}
            </option>
          ))}
        </select>
        <label for="alt">Alt text</label>
        <input id="alt" name="alt" type="text" />
        <label for="url">Click-through URL</label>
        <input id="url" name="url" type="url" />
        <div class="actions">
          <button type="submit">Add image creative</button>
        </div>
      </form>
      <h2>Add a tag creative</h2>
      <form method="post" action={`${base}/creatives`}>
        <CsrfField csrf={frame.csrf} />
        <input type="hidden" name="kind" value="tag" />
        <SlotSelect id="tag-slot" slots={props.slots} />
        <label for="html">Tag HTML (e.g. a Google Ad Manager tag)</label>
        <textarea id="html" name="html" rows={6} aria-describedby="html-hint" />
        <p class="hint" id="html-hint">
          It may load only from the origins listed on the advertising page.
        </p>
        <div class="actions">
          <button type="submit">Add tag creative</button>
        </div>
      </form>
      <h2>Edit the campaign</h2>
      <form method="post" action={base}>
        <CsrfField csrf={frame.csrf} />
        <CampaignFields form={props.form} siteName={props.siteName} />
        <div class="actions">
          <button type="submit">Save campaign</button>
        </div>
      </form>
      <PostButton action={`${base}/end`} csrf={frame.csrf} secondary>
        End the campaign now
      </PostButton>
    </AdminLayout>
  );
}

function SlotSelect(props: { id: string; slots: readonly string[] }) {
  return (
    <>
      <label for={props.id}>Slot</label>
      <select id={props.id} name="slot">
        {props.slots.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </>
  );
}

export interface AdsReportProps {
  readonly frame: AdminFrame;
  readonly rows: readonly { creativeId: number; campaign: string; slot: string; day: string; impressions: number; clicks: number }[];
}

/** Counts per creative per UTC day. */
export function AdsReportPage(props: AdsReportProps) {
  return (
    <AdminLayout frame={props.frame} title="Advertising report">
      <p>
        <a href="/admin/ads">All campaigns</a> · <a href="/admin/ads/report.csv">CSV</a>
      </p>
      <h1>Advertising report</h1>
      <ListTable headings={['Day (UTC)', 'Campaign', 'Creative', 'Slot', 'Impressions', 'Clicks']}>
        {props.rows.map((r) => (
          <tr key={`${r.creativeId}-${r.day}`}>
            <td>{r.day}</td>
            <td>{r.campaign}</td>
            <td>{r.creativeId}</td>
            <td>{r.slot}</td>
            <td>{r.impressions}</td>
            <td>{r.clicks}</td>
          </tr>
        ))}
      </ListTable>
    </AdminLayout>
  );
}
