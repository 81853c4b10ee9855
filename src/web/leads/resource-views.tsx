import type { LeadAssetRecord, LeadRecord } from '../../leads/index.ts';
import { kindLabel, labelOf } from '../../leads/index.ts';
import type { ResponsiveImage } from '../../media/index.ts';
import type { ProfileField, ReaderRecord } from '../../readers/index.ts';
import { Layout, type SiteInfo } from '../site/views/layout.tsx';
import { Picture } from '../site/views/picture.tsx';
import { SponsorLabel } from '../site/views/sponsor-label.tsx';

const actionLabel = (a: LeadAssetRecord) => (a.kind === 'webinar' ? 'Register to watch' : 'Download');
const paragraphs = (text: string) => text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);

/** `/resources`: every published asset, public and the same for everyone (cached). */
export function ResourcesPageView(props: { site: SiteInfo; assets: readonly LeadAssetRecord[]; covers: ReadonlyMap<number, ResponsiveImage> }) {
  return (
    <Layout site={props.site} meta={{ title: 'Resources', description: 'White papers, reports and webinar recordings from the industry.', canonical: '/resources', breadcrumbs: [{ name: 'Resources' }] }}>
      <h1>Resources</h1>
      {props.assets.length === 0 ? (
        <p>No resources yet.</p>
      ) : (
        <ul class="resources">
          {props.assets.map((a) => {
            const cover = props.covers.get(a.id);
            return (
              <li key={a.id} class="resource-card">
                {cover && <Picture image={cover} alt="" sizes="(min-width: 40em) 12rem, 100vw" />}
                <p class="kind">{kindLabel(a.kind)}</p>
                <h2>
                  <a href={`/resources/${a.slug}`}>{a.title}</a>
                </h2>
                <SponsorLabel sponsor={a.sponsor} />
              </li>
            );
          })}
        </ul>
      )}
    </Layout>
  );
}

/** `/resources/<slug>`: the public, indexable description page; the button leads to the (private) download. */
export function ResourcePageView(props: { site: SiteInfo; asset: LeadAssetRecord; cover: ResponsiveImage | undefined }) {
  const { asset, site } = props;
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': asset.kind === 'webinar' ? 'VideoObject' : 'DigitalDocument',
    name: asset.title,
    description: paragraphs(asset.description)[0] ?? asset.title,
    url: `${site.url}/resources/${asset.slug}`,
    ...(asset.sponsor ? { sponsor: { '@type': 'Organization', name: asset.sponsor.name, url: `${site.url}/companies/${asset.sponsor.slug}` } } : {}),
    isAccessibleForFree: false,
  };
  return (
    <Layout
      site={site}
      meta={{ title: asset.title, description: paragraphs(asset.description)[0]?.slice(0, 300) ?? '', canonical: `/resources/${asset.slug}`, jsonLd, breadcrumbs: [{ name: 'Resources', path: '/resources' }, { name: asset.title }] }}
    >
      <article class="resource">
        <p class="kind">{kindLabel(asset.kind)}</p>
        <h1>{asset.title}</h1>
        <SponsorLabel sponsor={asset.sponsor} />
        {props.cover && <Picture image={props.cover} alt="" sizes="(min-width: 40em) 24rem, 100vw" eager />}
        {paragraphs(asset.description).map((p) => (
          <p key={p}>{p}</p>
        ))}
        {asset.file || asset.videoUrl ? (
          <p>
            <a class="button" href={`/resources/${asset.slug}/download`} rel="nofollow">
              {actionLabel(asset)}
            </a>
          </p>
        ) : (
          <p>Coming soon.</p>
        )}
        <p class="small">Free for registered readers. You choose whether your details go to {asset.sponsor?.name ?? 'the sponsor'}.</p>
      </article>
    </Layout>
  );
}

function PrivateLayout(props: { site: SiteInfo; title: string; canonical: string; children: preact.ComponentChildren }) {
  return (
    <Layout site={props.site} meta={{ title: props.title, canonical: props.canonical, noindex: true, breadcrumbs: [{ name: 'Resources', path: '/resources' }, { name: props.title }] }}>
      <div class="account">
        <h1>{props.title}</h1>
        {props.children}
      </div>
    </Layout>
  );
}

/**
 * The download form of a signed-in reader: the fields the sponsor asks for that their profile lacks,
 * and the consent line naming the sponsor, unticked (consent is never assumed).
 */
export function DownloadFormView(props: { site: SiteInfo; asset: LeadAssetRecord; reader: ReaderRecord; missing: readonly ProfileField[]; csrf: string; alreadyShared: boolean; error?: string | undefined }) {
  const { asset, reader } = props;
  const shared = asset.requiredFields.filter((f) => !props.missing.includes(f as ProfileField));
  return (
    <PrivateLayout site={props.site} title={asset.title} canonical={`/resources/${asset.slug}/download`}>
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      {props.alreadyShared ? (
        <p>
          You already shared your details for this resource. <a href={`/resources/${asset.slug}/file`}>{actionLabel(asset)} again</a>.
        </p>
      ) : (
        <form method="post" action={`/resources/${asset.slug}/download`}>
          <input type="hidden" name="_csrf" value={props.csrf} />
          <p>
            Signed in as {reader.email}.{' '}
            {shared.length > 0 && `${asset.sponsor?.name ?? 'The sponsor'} also gets your ${shared.map((f) => labelOf(f).toLowerCase()).join(', ')} from your profile.`}
          </p>
          {props.missing.map((f) => (
            <p key={f}>
              <label for={`lead-${f}`}>{labelOf(f)}</label>
              <input id={`lead-${f}`} type="text" name={f} required maxLength={200} />
            </p>
          ))}
          <p>
            <input id="lead-consent" type="checkbox" name="consent" value="yes" required />{' '}
            <label for="lead-consent">{asset.consent}</label>
          </p>
          <p>
            <button type="submit">{actionLabel(asset)}</button>
          </p>
        </form>
      )}
    </PrivateLayout>
  );
}

/** Where a shared resource lives: its page's absolute URL, and its site's name when not the current site. */
export interface ResourcePlace {
  readonly url: string;
  readonly siteName?: string | undefined;
}

/**
 * `/account/shared`: what the reader shared with which sponsor, and a way to withdraw each. One
 * reader across the publisher's sites: every site's resources, each linked on its own site.
 */
export function SharedLeadsView(props: { site: SiteInfo; leads: readonly LeadRecord[]; placeOf: (lead: LeadRecord) => ResourcePlace; csrf: string; notice?: string | undefined }) {
  return (
    <Layout site={props.site} meta={{ title: 'Details you shared', canonical: '/account/shared', noindex: true, breadcrumbs: [{ name: 'Your account', path: '/account' }, { name: 'Details you shared' }] }}>
      <div class="account">
        <h1>Details you shared</h1>
        {props.notice && <p class="notice">{props.notice}</p>}
        {props.leads.length === 0 ? (
          <p>You have not shared your details with any sponsor.</p>
        ) : (
          <ul>
            {props.leads.map((l) => (
              <li key={l.id}>
                <a href={props.placeOf(l).url}>{l.assetTitle}</a>
                {props.placeOf(l).siteName ? ` (${props.placeOf(l).siteName})` : ''}: shared with {l.sponsorName ?? 'the sponsor'} on {new Date(l.createdAt).toISOString().slice(0, 10)} (
                {Object.entries(l.shared)
                  .filter(([, v]) => v)
                  .map(([k, v]) => `${k === 'email' ? 'Email' : labelOf(k)}: ${v}`)
                  .join('; ')}
                ).{' '}
                {l.withdrawnAt === null ? (
                  <form method="post" action={`/account/shared/${l.id}/withdraw`} class="inline">
                    <input type="hidden" name="_csrf" value={props.csrf} />
                    <button type="submit">Withdraw</button>
                  </form>
                ) : (
                  <span>Withdrawn on {new Date(l.withdrawnAt).toISOString().slice(0, 10)}.</span>
                )}
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href="/account">Back to your account</a>
        </p>
      </div>
    </Layout>
  );
}
