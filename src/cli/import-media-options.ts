import fs from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import type { MediaReport, MediaSourceOptions } from '../import/index.ts';
import { progressBar } from './cli-context.ts';

/** The image options of `import wxr` and `import ghost`, as commander parses them. */
export interface MediaFlags {
  mediaFrom?: string;
  fetchMedia?: boolean;
  allowPrivateAddresses?: boolean;
  mediaMaxBytes?: number;
  mediaTimeout?: number;
}

/** Adds the options that bring an old site's images into the media library. */
export function mediaOptions(command: Command, localCopy: string): Command {
  const positive = (name: string) => (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${name}: a whole number above 0`);
    return n;
  };
  return command
    .option('--media-from <dir>', `bring images into the media library from ${localCopy}`)
    .option('--fetch-media', 'bring images into the media library from the old site over HTTP(S) (with --media-from: only those not in DIR)')
    .option('--allow-private-addresses', 'let --fetch-media reach private, loopback and link-local addresses (refused by default)')
    .option('--media-max-bytes <n>', 'largest image --fetch-media accepts', positive('--media-max-bytes'), 10 * 1024 * 1024)
    .option('--media-timeout <seconds>', 'time allowed to fetch one image', positive('--media-timeout'), 30);
}

/** The importer's media source from the flags; none when neither --media-from nor --fetch-media is given. */
export function mediaSource(opts: MediaFlags): { mediaSource?: MediaSourceOptions } {
  if (opts.mediaFrom !== undefined && !fs.statSync(opts.mediaFrom, { throwIfNoEntry: false })?.isDirectory()) {
    throw new InvalidArgumentError(`--media-from: no directory at ${opts.mediaFrom}`);
  }
  if (opts.mediaFrom === undefined && !opts.fetchMedia) return {};
  const fetch = opts.fetchMedia
    ? { fetch: { allowPrivateAddresses: opts.allowPrivateAddresses === true, maxBytes: opts.mediaMaxBytes ?? 10 * 1024 * 1024, timeoutMs: (opts.mediaTimeout ?? 30) * 1000 } }
    : {};
  return { mediaSource: { ...(opts.mediaFrom !== undefined ? { mediaFrom: opts.mediaFrom } : {}), ...fetch } };
}

/** A progress bar for the images brought in before the posts. */
export function mediaBar(): (done: number, total: number) => void {
  const bar = progressBar('Images   ');
  return (done, total) => {
    if (done === 1) bar.start(total);
    bar.update(done);
    if (done === total) bar.stop();
  };
}

/** The report's image lines: counts, then each missing image with why. */
export function mediaSummary(media: MediaReport): string[] {
  const shown = media.missing.slice(0, 50);
  return [
    `Images: imported ${media.imported}, reused ${media.reused}, missing ${media.missing.length}`,
    ...shown.map((m) => `  ${m.url}: ${m.reason}`),
    ...(media.missing.length > shown.length ? [`  … and ${media.missing.length - shown.length} more (--json lists them all)`] : []),
  ];
}
