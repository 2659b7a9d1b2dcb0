import { expect } from 'chai';
import { start, type Running } from '../../server/main.js';
import { memoryLog, scratchDataDir } from '../helpers/app-env.js';
import { runSuite } from './runscope.js';

describe("Okta's SCIM 2.0 SPEC Test against the service as `npm start` runs it", () => {
  let running: Running;
  before(async () => {
    // The same start-up path as `npm start`: no RALLY_URL, so the embedded sandbox serves Rally.
    running = await start(
      { PORT: '0', HOST: '127.0.0.1', DATA_DIR: scratchDataDir() },
      memoryLog('silent').logger,
    );
  });
  after(() => running.stop());

  for (const [label, auth] of [
    [
      'Basic admin credentials',
      `Basic ${Buffer.from('admin@rally.sandbox:sandbox-admin').toString('base64')}`,
    ],
    ['a Rally API key as Bearer token', 'Bearer _sandboxAdminKey'],
    ['a bare Rally API key (Okta "HTTP Header" auth)', '_sandboxAdminKey'],
  ] as const) {
    it(`passes every step with ${label}`, async () => {
      const results = await runSuite({ baseUrl: `${running.url}/scim/v2`, auth });
      expect(results).to.have.length(12);
      const failed = results.filter((r) => r.failures.length > 0);
      expect(failed, JSON.stringify(failed, null, 2)).to.deep.equal([]);
    });
  }
});
