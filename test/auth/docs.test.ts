import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { authEnvShape } from '../../server/auth/auth-config.js';
import { FILE_VARIABLES } from '../../server/auth/secrets.js';

/** docs/auth.md is the operator's reference: its variable table names every auth variable. */
describe('docs/auth.md', () => {
  const doc = readFileSync(new URL('../../docs/auth.md', import.meta.url), 'utf8');
  const table = doc.slice(doc.indexOf('## Variables'));

  it('documents every variable of the auth configuration', () => {
    for (const name of Object.keys(authEnvShape)) expect(table, name).to.include(`\`${name}\``);
  });

  it('says which secrets can come from a *_FILE', () => {
    for (const name of FILE_VARIABLES) {
      const row = table.split('\n').find((l) => l.includes(`\`${name}\``));
      expect(row, name).to.include('/ `_FILE`');
    }
  });
});
