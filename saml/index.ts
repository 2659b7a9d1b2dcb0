export { CHECK_IDS, type CheckId, type CheckResult, type CheckStatus } from './validate/check-ids.js';
export { validateSamlResponse, CHECKS } from './validate/index.js';
export type { RallyUserLookup, ValidateOptions, ValidationProfile } from './validate/options.js';
export type { SamlReport } from './report/model.js';
export { renderReportText } from './report/text.js';
export { renderReportHtml } from './report/html.js';
export { SamlError, isSamlError, SAML_ERROR_CODES, type SamlErrorCode } from './errors.js';
export { readCertificate, readDecryptionKey, type IdpCertificate } from './metadata/certificate.js';
export { parseIdpMetadata } from './metadata/parse-idp-metadata.js';
export {
  summarizeIdp,
  validationIdp,
  type IdpConfig,
  type IdpSummary,
  type ValidationIdp,
} from './metadata/idp-config.js';
export { createMetadataFetcher, type MetadataFetcher } from './metadata/fetch-metadata.js';
export { serviceProviderFor, serviceProviderMetadata, type ServiceProvider } from './sp/service-provider.js';
export { startAuthnRequest, type AuthnRequestStart } from './sp/authn-request.js';
export { createMemorySamlStore, type SamlStateStore, type ResponseTracker } from './store.js';
export { createCacheSamlStore, type CacheSamlStoreOptions } from './cache-store.js';
export { createMemoryIdpStore, type IdpStore } from './idp-store.js';
export { renderSetupPage, renderResultPage, type SetupPageModel } from './html/setup-page.js';
export { SAML_CSS, COPY_JS } from './html/assets.js';
export { runSamlCli } from './cli.js';
export { LIMITS } from './constants.js';
export { renderPostBindingPage } from './html/post-binding-page.js';
export { DEFAULT_CLOCK_SKEW_MS, MAX_ASSERTION_WINDOW_MS } from './constants.js';
