import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { MESSAGES } from '../../sandbox/http/messages.js';
import { createSandbox } from '../../sandbox/index.js';

/** Renders a message template with `<param>` placeholders named after the function's parameters. */
function template(fn: (...args: string[]) => string): string {
  const params = /^\(?([^)=]*)\)?\s*=>/.exec(fn.toString())?.[1] ?? '';
  const names = params
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  return fn(...names.map((n) => `<${n}>`));
}

describe('sandbox documentation', () => {
  let docs: string;
  before(async () => {
    docs = await readFile(new URL('../../docs/sandbox.md', import.meta.url), 'utf8');
  });

  it('lists every error and warning string the sandbox can answer', () => {
    const section = docs.split('## Error and warning strings')[1]!.split('\n## ')[0]!;
    const rows = new Map(
      [...section.matchAll(/^\| `(\w+)` +\| `(.*)` +\|$/gm)].map((m) => [m[1]!, m[2]!.replace(/\\\|/g, '|')]),
    );
    for (const [key, fn] of Object.entries(MESSAGES)) {
      expect(rows.get(key), key).to.equal(template(fn as (...args: string[]) => string));
    }
    expect([...rows.keys()]).to.have.members(Object.keys(MESSAGES));
  });

  it('documents the default seed accounts', () => {
    const { admin, viewer } = createSandbox({ seed: { users: 0 } }).credentials;
    for (const value of [...Object.values(admin), ...Object.values(viewer)])
      expect(docs).to.contain(`\`${value}\``);
  });
});
