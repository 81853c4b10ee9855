import type { MultipartFile } from '@fastify/multipart';

/**
 * Reading fields out of a form body that no schema describes: an upload form (multipart, parts
 * attached to the body, which TypeBox cannot check) and the `_csrf` field that a guard reads
 * whatever the route's own schema is. Absent or oddly shaped fields read as nothing, never throw.
 */

function fieldOf(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? Object.getOwnPropertyDescriptor(body, name)?.value : undefined;
}

function isFilePart(part: unknown): part is MultipartFile {
  return typeof part === 'object' && part !== null && 'type' in part && part.type === 'file' && 'toBuffer' in part;
}

/**
 * A text field: a urlencoded form gives a string, a multipart one a part holding it in `value`.
 * Empty when absent.
 */
export function formText(body: unknown, name: string): string {
  const field = fieldOf(body, name);
  if (typeof field === 'string') return field;
  const value = typeof field === 'object' && field !== null && 'value' in field ? field.value : undefined;
  return typeof value === 'string' ? value : '';
}

/** The `file` part of an upload form as the services take it: no name and no bytes when none was sent. */
export async function uploadedFile(body: unknown): Promise<{ filename: string; data: Buffer }> {
  const part = fieldOf(body, 'file');
  if (!isFilePart(part)) return { filename: '', data: Buffer.alloc(0) };
  return { filename: part.filename, data: await part.toBuffer() };
}
