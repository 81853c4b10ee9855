/**
 * Sponsored content is labelled wherever it appears, in words a reader cannot miss, naming the
 * company that paid and linking to its directory page (docs/advertising.md, "Sponsored content").
 */
export function SponsorLabel(props: { sponsor: { slug: string; name: string } | null; inline?: boolean }) {
  const s = props.sponsor;
  if (!s) return null;
  const Tag = props.inline ? 'span' : 'p';
  return (
    <Tag class="sponsor-label">
      Sponsored by <a href={`/companies/${s.slug}`}>{s.name}</a>
    </Tag>
  );
}

/** A section or tag page during its sponsorship: "Tolling, in association with <Company>". */
export function TermSponsorship(props: { title: string; sponsor: { slug: string; name: string } | undefined }) {
  const s = props.sponsor;
  if (!s) return null;
  return (
    <p class="sponsorship">
      {props.title}, in association with <a href={`/companies/${s.slug}`}>{s.name}</a>
    </p>
  );
}
