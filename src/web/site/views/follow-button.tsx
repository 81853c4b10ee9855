/**
 * Follow, on a cached public page: a plain form, the same for every reader (nothing personal in a
 * cached page). /account/follow signs the reader in first when needed, then comes back to `next`.
 */
export function FollowButton(props: { kind: 'company' | 'section' | 'tag' | 'author'; slug: string; name: string; next: string }) {
  return (
    <form class="follow" action="/account/follow" method="post">
      <input type="hidden" name="kind" value={props.kind} />
      <input type="hidden" name="slug" value={props.slug} />
      <input type="hidden" name="next" value={props.next} />
      <button type="submit">Follow {props.name}</button>
    </form>
  );
}
