import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { CHECK_IDS, SAML_ERROR_CODES } from '../../saml/index.js';

/** docs/saml.md is the admin's reference: it must list exactly the check ids and error codes. */
describe('docs/saml.md', function () {
  const doc = readFileSync(new URL('../../docs/saml.md', import.meta.url), 'utf8');
  const tableIds = (section: string) => {
    const lines = doc.slice(doc.indexOf(section)).split('\n');
    const first = lines.findIndex((l) => l.startsWith('|'));
    const table = lines.slice(
      first,
      lines.findIndex((l, i) => i > first && !l.startsWith('|')),
    );
    return table.flatMap((l) => /^\| `([\w-]+)`\s*\|/.exec(l)?.[1] ?? []);
  };

  it('describes every check id, in report order', function () {
    expect(tableIds('## The checks')).to.deep.equal([...CHECK_IDS]);
  });

  it('lists every SAML error code with its status', function () {
    const listed = tableIds('Errors are returned as');
    expect(listed).to.deep.equal(Object.keys(SAML_ERROR_CODES));
    for (const [code, status] of Object.entries(SAML_ERROR_CODES)) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${code}\``));
      expect(row?.split('|')[2]?.trim(), code).to.equal(String(status));
    }
  });
});
