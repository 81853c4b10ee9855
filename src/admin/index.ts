/**
 * @module admin
 * The editorial admin's services: accounts (argon2id), database sessions, sign-in throttling,
 * role rules and the editor's input validation. The HTTP surface is `web/admin/`.
 */
export { AccountService, type AccountServiceDeps, foldEmail, type NewSession, ROLES, SESSION_TTL_MS, SIGN_IN_LIMIT, sameToken } from './account-service.ts';
export { ArticleFormSchema, type ArticleFormValues, EMPTY_FORM, type FieldErrors, readForm, validateForm } from './article-form.ts';
export {
  type AutosaveResult,
  EDITOR_ACTIONS,
  type EditableArticle,
  type EditorAction,
  EditorService,
  type EditorServiceDeps,
  type RevisionComparison,
  type SubmitResult,
} from './editor-service.ts';
export * from './errors.ts';
export { MEDIA_EXT, MEDIA_LIMITS, MEDIA_MAX_WIDTH, MEDIA_TYPES, MediaService, type MediaServiceDeps, mediaUrl, VARIANT_WIDTHS } from './media-service.ts';
export { MIN_PASSWORD_LENGTH } from './passwords.ts';
export { RedirectAdminService, type RedirectErrors, type RedirectForm, validateRedirect } from './redirect-admin.ts';
export { type DiffPart, diffRevision, type FieldDiff, type RevisionText } from './revision-diff.ts';
export { type CompanyChoice, type ReviewedCompany, type TaggingReviewDeps, TaggingReviewService } from './tagging-review.ts';
export { epochToZoned, zonedToEpoch } from './zoned-time.ts';
