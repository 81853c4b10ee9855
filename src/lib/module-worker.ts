import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running the module `name` beside `base` (an `import.meta.url`): the compiled
 * `.js` in dist/, or, from the sources (tests, a developer's edit), the TypeScript through tsx's
 * loader as bin/masthead.js does.
 * `options` are the Worker's others (its `resourceLimits`, say).
 * @example startModuleWorker(import.meta.url, 'prepare-worker', { file })
 */
export function startModuleWorker(base: string, name: string, workerData: unknown, options: Omit<WorkerOptions, 'workerData' | 'eval'> = {}): Worker {
  const fromSources = base.endsWith('.ts');
  const entry = new URL(`./${name}${fromSources ? '.ts' : '.js'}`, base);
  if (!fromSources) return new Worker(entry, { ...options, workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { ...options, eval: true, workerData });
}
