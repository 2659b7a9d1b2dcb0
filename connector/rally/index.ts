export { createRallyClient, type RallyApi, type RallyClient, type RallyClientOptions } from './client.js';
export { credentialId, describeCredential, type RallyCredential } from './credential.js';
export { RallyError, isRallyError, RALLY_ERROR_CODES, type RallyErrorCode } from './errors.js';
export { and, or, where, quoteValue, type Query, type QueryOperator } from './escape-query.js';
export type { QueryPage } from './envelope.js';
export { refId, refPath } from './caller.js';
export * from './types.js';
export type { RallyObserver } from './observer.js';
