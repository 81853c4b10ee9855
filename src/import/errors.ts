import { defineError } from '../lib/errors.ts';

/**
 * The file handed to an importer is not the format it reads: not XML at all, another kind of XML
 * (an HTML page, a sitemap), an encoding Node cannot decode, or the other XML format (a WordPress
 * export given to the RSS importer, a plain feed given to the WXR importer). Nothing was imported.
 * @example throw ImportWrongFormat('an RSS 2.0 or Atom 1.0 feed', 'the root element is <html>');
 */
export const ImportWrongFormat = defineError(
  'MH_IMPORT_WRONG_FORMAT',
  422,
  (expected: string, why: string) => `Not ${expected}: ${why}`,
);

/**
 * The worker thread that reads and prepares a JSONL import stopped before the end of the file
 * (killed, or out of memory). What was saved before stays; importing the file again resumes.
 * @example throw ImportWorkerStopped('articles.jsonl')
 */
export const ImportWorkerStopped = defineError(
  'MH_IMPORT_WORKER_STOPPED',
  500,
  (file: string) => `The import of ${file} stopped before the end of the file: its reading thread ended early; importing the file again resumes`,
);
