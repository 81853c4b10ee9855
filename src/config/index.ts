/**
 * @module config
 * One schema for every setting, checked at boot, frozen. See docs/operations.md for the list.
 */
export { type Config, type Env, loadConfig } from './config.ts';
