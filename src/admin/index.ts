/**
 * @module admin
 * The editorial admin's services: accounts (argon2id), database sessions, sign-in throttling,
 * role rules and the editor's input validation. The HTTP surface is `web/admin/`.
 */

// The URL helpers moved to media/ with the storage; admin keeps exporting them for its callers.
export { MEDIA_EXT, MEDIA_TYPES, mediaUrl } from '../media/index.ts';
export { AccountService, type AccountServiceDeps, foldEmail, type NewSession, ROLES, SESSION_TTL_MS, SIGN_IN_LIMIT, sameToken } from './account-service.ts';
export { ArticleFormSchema, type ArticleFormValues, EMPTY_FORM, type FieldErrors, readForm, validateForm } from './article-form.ts';
export { EDITOR_ACTIONS, type EditableArticle, type EditorAction, EditorService, type EditorServiceDeps, type SubmitResult } from './editor-service.ts';
export * from './errors.ts';
export { MEDIA_LIMITS, MEDIA_MAX_WIDTH, type MediaFile, MediaService, type MediaServiceDeps, VARIANT_WIDTHS } from './media-service.ts';
export { MIN_PASSWORD_LENGTH } from './passwords.ts';
export { RedirectAdminService, type RedirectErrors, type RedirectForm, validateRedirect } from './redirect-admin.ts';
export { type CompanyChoice, type TaggingReviewDeps, TaggingReviewService } from './tagging-review.ts';
export { epochToZoned, zonedToEpoch } from './zoned-time.ts';
