import { expect } from 'chai';
import { createUserWindows } from '../../../connector/listing/user-window.js';
import { where } from '../../../connector/rally/index.js';
import { startRallyEnv, type RallyEnv } from '../../helpers/rally-env.js';

describe('read-ahead user windows', () => {
  let env: RallyEnv;
  let ids: number[];
  before(async () => {
    env = await startRallyEnv({ seed: { users: 120 } });
  });
  after(() => env.close());
  beforeEach(async () => {
    env.sandbox.reset();
    ids = [];
    for await (const u of env.client.as(env.admin.apiKey).users()) ids.push(u.ObjectID);
    env.sandbox.reset();
  });

  const settle = () => new Promise((r) => setTimeout(r, 50));

  it('serves any window, across block boundaries, as Rally’s ObjectID order has it', async () => {
    const windows = createUserWindows({ client: env.client, blockSize: 25, readAheadBlocks: 1 });
    for (const [offset, limit] of [
      [0, 1],
      [24, 2],
      [10, 60],
      [100, 50],
      [ids.length - 1, 5],
      [ids.length, 5],
    ] as const) {
      const w = await windows.window(env.admin.apiKey, {}, offset, limit);
      expect(w.total).to.equal(ids.length);
      expect(
        w.users.map((u) => u.ObjectID),
        `[${offset}, +${limit})`,
      ).to.deep.equal(ids.slice(offset, offset + limit));
    }
  });

  it('prefetches the blocks after a window and serves them without asking Rally again', async () => {
    const windows = createUserWindows({ client: env.client, blockSize: 20, readAheadBlocks: 3 });
    await windows.window(env.admin.apiKey, {}, 0, 10);
    await settle();
    expect(env.sandbox.stats().requests).to.equal(4);
    await windows.window(env.admin.apiKey, {}, 10, 60);
    await settle();
    // Blocks 1–3 were ready; reading up to block 3 prefetches 4, 5 and 6 (the last, 120 users / 20).
    expect(env.sandbox.stats().requests).to.equal(7);
  });

  it('re-reads a listing’s blocks when a window starts it again at offset 0', async () => {
    const windows = createUserWindows({ client: env.client, blockSize: 50, readAheadBlocks: 1 });
    await windows.window(env.admin.apiKey, {}, 0, 10);
    await settle();
    expect(env.sandbox.stats().requests).to.equal(2);
    await windows.window(env.admin.apiKey, {}, 10, 10);
    expect(env.sandbox.stats().requests).to.equal(2);
    await windows.window(env.admin.apiKey, {}, 0, 10);
    await settle();
    expect(env.sandbox.stats().requests).to.equal(4);
  });

  it('drops the blocks a sequential reader has left behind', async () => {
    const windows = createUserWindows({ client: env.client, blockSize: 10, readAheadBlocks: 1 });
    for (let offset = 0; offset < ids.length; offset += 5)
      await windows.window(env.admin.apiKey, {}, offset, 5);
    await settle();
    expect(windows.blocks).to.be.at.most(3);
  });

  it('keys blocks by credential and query', async () => {
    const windows = createUserWindows({ client: env.client, blockSize: 50, readAheadBlocks: 0 });
    await windows.window(env.admin.apiKey, {}, 0, 10);
    await windows.window(env.admin.basic, {}, 0, 10);
    await windows.window(env.admin.apiKey, { query: where('Disabled', '=', false) }, 0, 10);
    expect(env.sandbox.stats().requests).to.equal(3);
    await windows.window(env.admin.apiKey, {}, 5, 10);
    expect(env.sandbox.stats().requests).to.equal(3);
  });

  it('keeps at most maxBlocks and lets blocks expire after ttlMs', async () => {
    let t = 0;
    const windows = createUserWindows({
      client: env.client,
      blockSize: 10,
      readAheadBlocks: 2,
      maxBlocks: 3,
      ttlMs: 1_000,
      now: () => t,
    });
    for (let offset = 0; offset < ids.length; offset += 10) {
      await windows.window(env.admin.apiKey, {}, offset, 10);
      expect(windows.blocks).to.be.at.most(3);
    }
    await settle();
    const lastBlock = Math.floor((ids.length - 1) / 10) * 10;
    const before = env.sandbox.stats().requests;
    await windows.window(env.admin.apiKey, {}, lastBlock, 10);
    expect(env.sandbox.stats().requests).to.equal(before);
    t += 1_001;
    await windows.window(env.admin.apiKey, {}, lastBlock, 10);
    expect(env.sandbox.stats().requests).to.equal(before + 1);
  });

  it('asks Rally for exactly the window when caching is off (ttlMs 0)', async () => {
    const windows = createUserWindows({ client: env.client, ttlMs: 0 });
    const w = await windows.window(env.admin.apiKey, {}, 7, 13);
    expect(w.users.map((u) => u.ObjectID)).to.deep.equal(ids.slice(7, 20));
    await windows.window(env.admin.apiKey, {}, 7, 13);
    expect(env.sandbox.stats().requests).to.equal(2);
    expect(windows.blocks).to.equal(0);
  });

  it('refuses a block size Rally cannot serve', () => {
    expect(() => createUserWindows({ client: env.client, blockSize: 5000 })).to.throw(/2000/);
  });
});
