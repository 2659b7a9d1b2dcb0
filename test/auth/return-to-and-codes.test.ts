import { expect } from 'chai';
import { checkAdminGroups } from '../../server/auth/admin-groups.js';
import { AUTH_ERROR_STATUS } from '../../server/auth/errors.js';
import { safeReturnTo } from '../../server/auth/return-to.js';
import { ERROR_CODES } from '../../server/error-codes.js';

describe('sign-in return path', () => {
  it('keeps paths on this service', () => {
    expect(safeReturnTo('/saml')).to.equal('/saml');
    expect(safeReturnTo('/saml/login?x=1')).to.equal('/saml/login?x=1');
    expect(safeReturnTo('/saml/../saml')).to.equal('/saml');
  });

  for (const raw of [
    'https://evil.example/',
    '//evil.example',
    '/\\evil.example',
    '/.//evil.example',
    '/saml/..//evil.example',
    '/%2e//evil.example',
    '/\tevil',
    'saml',
    '/auth/login',
    '/auth',
    undefined,
    ['/saml'],
  ])
    it(`falls back to /saml for ${JSON.stringify(raw)}`, () => {
      expect(safeReturnTo(raw)).to.equal('/saml');
    });
});

describe('admin group check', () => {
  it('passes everyone when no groups are configured', () => {
    expect(checkAdminGroups(undefined, [])).to.deep.equal({ ok: true });
  });
  it('needs one exact group name', () => {
    expect(checkAdminGroups(['Everyone', 'Rally Admins'], ['Rally Admins'])).to.deep.equal({ ok: true });
    expect(checkAdminGroups('Rally Admins', ['Rally Admins'])).to.deep.equal({ ok: true });
    expect(checkAdminGroups(['rally admins'], ['Rally Admins'])).to.deep.equal({
      ok: false,
      reason: 'not-member',
    });
    expect(checkAdminGroups(undefined, ['Rally Admins'])).to.deep.equal({ ok: false, reason: 'no-claim' });
  });
});

describe('auth error codes', () => {
  it('registers every auth error code with the status the auth layer answers', () => {
    for (const [code, status] of Object.entries(AUTH_ERROR_STATUS)) {
      expect(ERROR_CODES, code).to.have.property(code);
      expect(ERROR_CODES[code as keyof typeof ERROR_CODES].status, code).to.equal(status);
    }
  });
});
