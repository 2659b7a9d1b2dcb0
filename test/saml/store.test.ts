import { expect } from 'chai';
import { createMemorySamlStore } from '../../saml/index.js';

describe('SAML request and replay store (memory, injected clock)', function () {
  let now = 0;
  const store = () => createMemorySamlStore({ now: () => now, requestTtlMs: 1000, maxEntries: 3 });
  beforeEach(function () {
    now = 1_000_000;
  });

  it('answers a request once, then reports it answered', async function () {
    const s = store();
    await s.rememberRequest('_r1');
    expect((await s.takeRequest('_r1')).state).to.equal('outstanding');
    expect((await s.takeRequest('_r1')).state).to.equal('answered');
    expect((await s.takeRequest('_unknown')).state).to.equal('unknown');
  });

  it('expires request IDs after their time to live', async function () {
    const s = store();
    await s.rememberRequest('_r1');
    now += 1000;
    expect((await s.takeRequest('_r1')).state).to.equal('expired');
    expect((await s.takeRequest('_r1')).state).to.equal('unknown');
  });

  it('remembers assertion IDs until they expire', async function () {
    const s = store();
    expect(await s.recordAssertion('_a1', new Date(now + 120_000))).to.equal(false);
    expect(await s.recordAssertion('_a1', new Date(now + 120_000))).to.equal(true);
    now += 120_001;
    expect(await s.recordAssertion('_a1', new Date(now + 120_000))).to.equal(false);
  });

  it('stays within its bound by dropping expired, then oldest, entries', async function () {
    const s = store();
    for (const id of ['_1', '_2', '_3', '_4', '_5']) await s.rememberRequest(id);
    expect((await s.takeRequest('_1')).state).to.equal('unknown');
    expect((await s.takeRequest('_5')).state).to.equal('outstanding');
  });
});
