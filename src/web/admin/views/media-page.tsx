import type { MediaRecord } from '../../../media/index.ts';
import { type AdminFrame, AdminLayout, CsrfField, PostButton } from './admin-layout.tsx';
import { ListTable, Notice, Pager } from './list-parts.tsx';

const EXT = { jpeg: 'jpg', png: 'png', webp: 'webp', avif: 'avif' } as const;

export interface MediaPageProps {
  readonly frame: AdminFrame;
  readonly items: readonly MediaRecord[];
  readonly page: number;
  readonly totalPages: number;
  readonly errors: Partial<Record<'file' | 'alt', string>>;
  readonly alt?: string;
  readonly notice?: string | undefined;
}

/** The media library: an upload form (image and alt text), then every image with its variants. */
export function MediaPage(props: MediaPageProps) {
  const { frame, errors } = props;
  return (
    <AdminLayout frame={frame} title="Media library">
      <h1>Media library</h1>
      <Notice text={props.notice} />
      <form method="post" action="/admin/media" enctype="multipart/form-data">
        <CsrfField csrf={frame.csrf} />
        <label for="file">Image</label>
        <input
          id="file"
          name="file"
          type="file"
          accept="image/jpeg,image/png,image/gif,image/webp,image/avif"
          aria-describedby={errors.file ? 'file-hint file-error' : 'file-hint'}
          aria-invalid={errors.file ? 'true' : undefined}
        />
        <p class="hint" id="file-hint">
          JPEG, PNG, GIF (kept animated, as WebP), WebP or AVIF, up to 10 MB. Location and camera data are removed.
        </p>
        {errors.file && (
          <p class="error" id="file-error">
            {errors.file}
          </p>
        )}
        <label for="alt">Alt text</label>
        <input id="alt" name="alt" type="text" value={props.alt ?? ''} aria-invalid={errors.alt ? 'true' : undefined} aria-describedby={errors.alt ? 'alt-error' : undefined} />
        {errors.alt && (
          <p class="error" id="alt-error">
            {errors.alt}
          </p>
        )}
        <div class="actions">
          <button type="submit">Upload</button>
        </div>
      </form>
      <ListTable headings={['Image', 'Alt text', 'Size', 'Files', 'Delete']}>
        {props.items.map((m) => {
          const smallest = m.variants.find((v) => v.format === 'webp') ?? m.variants[0];
          return (
            <tr key={m.id}>
              <td>{smallest && <img src={`/media/${m.id}/${smallest.width}.${EXT[smallest.format]}`} alt={m.alt} width={160} />}</td>
              <td>{m.alt}</td>
              <td>
                {m.width} × {m.height}
              </td>
              <td>
                {m.variants.map((v, i) => (
                  <>
                    {i > 0 && ' '}
                    <a href={`/media/${m.id}/${v.width}.${EXT[v.format]}`}>{`${v.width} ${v.format}`}</a>
                  </>
                ))}
              </td>
              <td>
                <PostButton action={`/admin/media/${m.id}/delete`} csrf={frame.csrf} inline secondary label={`Delete the image “${m.alt}”`}>
                  Delete
                </PostButton>
              </td>
            </tr>
          );
        })}
      </ListTable>
      <Pager page={props.page} totalPages={props.totalPages} href={(page) => `/admin/media?page=${page}`} />
    </AdminLayout>
  );
}
