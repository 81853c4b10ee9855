/**
 * @module settings
 * The site settings an admin saves over the environment's defaults: their fields, rules and
 * defaults (`site-settings.ts`, the fonts and the accent colour's contrast), and `SettingsService`,
 * which holds the effective values for every site in memory and saves an admin's changes. Its own
 * capability, not admin's, so that a command needing only the settings (the related rebuild reads
 * the list length and weights) loads none of the admin's services (sharp, argon2...).
 */

export { contrastOnWhite, darker, MIN_ACCENT_CONTRAST, normaliseHex } from './accent-colour.ts';
export { type SaveSettingsResult, SettingsService, type SettingsServiceDeps } from './settings-service.ts';
export * from './site-fonts.ts';
export * from './site-settings.ts';
