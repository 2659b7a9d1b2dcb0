import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import { CONNECTOR_ERROR_STATUS } from '../../connector/errors.js';
import { ERROR_CODES } from '../../server/error-codes.js';

describe('error code registry', () => {
  async function documented(): Promise<Map<string, number>> {
    const text = await readFile(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const rows = [...text.matchAll(/^\|\s*`([A-Z_]+)`\s*\|\s*(\d{3})\s*\|/gm)];
    return new Map(rows.map((m) => [m[1]!, Number(m[2])]));
  }

  it('lists in docs/errors.md exactly the codes of server/error-codes.ts, with the same status', async () => {
    const docs = await documented();
    const registry = new Map(Object.entries(ERROR_CODES).map(([code, info]) => [code, info.status]));
    expect([...docs].sort()).to.deep.equal([...registry].sort());
  });

  it('registers every connector error code with the status the connector answers', () => {
    for (const [code, status] of Object.entries(CONNECTOR_ERROR_STATUS)) {
      expect(ERROR_CODES, code).to.have.property(code);
      expect(ERROR_CODES[code as keyof typeof ERROR_CODES].status, code).to.equal(status);
    }
  });

  it('uses SCREAMING_SNAKE codes and error statuses only', () => {
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      expect(code).to.match(/^[A-Z][A-Z0-9_]*$/);
      expect(info.status).to.be.within(400, 599);
    }
  });
});
