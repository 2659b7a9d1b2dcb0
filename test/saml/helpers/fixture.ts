import {
  createMemorySamlStore,
  readCertificate,
  validateSamlResponse,
  type SamlReport,
  type ValidateOptions,
} from '../../../saml/index.js';
import { buildResponse, OKTA_ISSUER, toBase64, type ResponseSpec } from './build-response.js';
import { makeTestCertificate, type TestKeyPair } from './keys.js';

export const SP = {
  entityId: 'https://rally-okta.example.com/saml/metadata',
  acsUrl: 'https://rally-okta.example.com/saml/acs',
};

/** A signing key, the instant responses are issued at, and a validate() bound to both. */
export interface SamlFixture {
  readonly key: TestKeyPair;
  readonly issued: Date;
  response(spec?: Partial<ResponseSpec>): string;
  validate(spec?: Partial<ResponseSpec>, opts?: Partial<ValidateOptions>): Promise<SamlReport>;
}

export async function createFixture(days = 3650): Promise<SamlFixture> {
  const key = await makeTestCertificate({ days });
  const issued = new Date();
  const response = (spec: Partial<ResponseSpec> = {}) =>
    toBase64(
      buildResponse({ key, acsUrl: SP.acsUrl, spEntityId: SP.entityId, issueInstant: issued, ...spec }),
    );
  return {
    key,
    issued,
    response,
    validate: (spec = {}, opts = {}) =>
      validateSamlResponse(response(spec), {
        idp: { certificates: [readCertificate(key.certPem)], entityId: OKTA_ISSUER },
        sp: SP,
        at: issued,
        now: issued,
        ...opts,
      }),
  };
}

export const failing = (r: SamlReport) => r.checks.filter((c) => c.status === 'fail').map((c) => c.id);
export const check = (r: SamlReport, id: string) => r.checks.find((c) => c.id === id)!;
export const memoryTracker = (now: () => Date) => createMemorySamlStore({ now: () => now().getTime() });
