/**
 * @module admin
 * The editorial admin's services: accounts (argon2id), database sessions, sign-in throttling,
 * role rules and the editor's input validation, directory management, sections and tags, and
 * content API keys; it re-exports the site settings (src/settings) its pages edit. The HTTP
 * surface is `web/admin/`.
 */


// The URL helpers moved to media/ with the storage; admin keeps exporting them for its callers.
export { MEDIA_EXT, MEDIA_TYPES, mediaUrl } from '../media/index.ts';
// The site settings moved to settings/ (the CLI's lighter app builds them without the admin's
// services); admin keeps exporting them for its callers.
export * from '../settings/index.ts';
// Store types the web layer uses, under this capability's name (web/ never imports store/).
export type { AdminArticleRow, ApiKeyRecord, AuthorProfileRow, CompanyRef, SessionRecord, TermKind, TermUsage, UserRecord } from '../store/index.ts';
// A company row's aliases as a list, for the admin's company pages.
export { parseAliases } from '../store/index.ts';
export { AccountService, type AccountServiceDeps, foldEmail, type NewSession, type NewUserField, newUserProblems, passwordProblem, ROLES, SESSION_TTL_MS, SIGN_IN_LIMIT, sameToken } from './account-service.ts';
export { API_KEY_PREFIX, ApiKeyService, type ApiKeyServiceDeps } from './api-key-service.ts';
export { ArticleFormSchema, type ArticleFormValues, EMPTY_FORM, type FieldErrors, readForm, validateForm } from './article-form.ts';
export { type AuthorAdminDeps, AuthorAdminService, type AuthorErrors, type AuthorForm, BIO_MAX } from './author-admin.ts';
export { type CompanyAdminDeps, CompanyAdminService, type CompanySaveResult, type EditableCompany, type MergePreview } from './company-admin.ts';
export { aliasLines, type CompanyFieldErrors, CompanyFormSchema, type CompanyFormValues, EMPTY_COMPANY_FORM, readCompanyForm, validateCompanyForm } from './company-form.ts';
export {
  type AutosaveResult,
  EDITOR_ACTIONS,
  type EditableArticle,
  type EditorAction,
  EditorService,
  type EditorServiceDeps,
  type RevisionComparison,
  type SiteChoice,
  type SubmitResult,
} from './editor-service.ts';
export * from './errors.ts';
export { importMediaLibrary } from './import-media.ts';
export { MEDIA_LIMITS, MEDIA_MAX_WIDTH, type MediaFile, MediaService, type MediaServiceDeps, VARIANT_WIDTHS } from './media-service.ts';
export { SWEEP_MIN_AGE_MS, type SweepReport, sweepMedia } from './media-sweep.ts';
export { MIN_PASSWORD_LENGTH } from './passwords.ts';
export { RedirectAdminService, type RedirectErrors, type RedirectForm, validateRedirect } from './redirect-admin.ts';
export { type DiffPart, diffRevision, type FieldDiff, type RevisionText } from './revision-diff.ts';
export { requireEditor } from './roles.ts';
export { type CompanyChoice, type ReviewedCompany, type TaggingReviewDeps, TaggingReviewService } from './tagging-review.ts';
export { type SponsorshipErrors, type SponsorshipForm, type TaxonomyAdminDeps, TaxonomyAdminService, type TermErrors, type TermForm } from './taxonomy-admin.ts';
export { epochToZoned, zonedToEpoch } from './zoned-time.ts';
