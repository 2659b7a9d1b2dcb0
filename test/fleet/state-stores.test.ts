import { expect } from 'chai';
import { Redis } from 'ioredis';
import { Secret } from '../../server/auth/secrets.js';
import { createIntrospectionCache } from '../../server/auth/introspection-cache.js';
import { ConfigError, loadConfig } from '../../server/config.js';
import { createStateStores, type StateStores } from '../../server/state/index.js';
import { createLogger } from '../../server/logger.js';
import { requireProgram, redisProgram } from '../helpers/prerequisites.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

const PREFIX = 'stores-test:';
const SECRET = 'state-test-session-secret-0123456789-abcdefgh';

describe('shared state stores on a real Redis', function () {
  this.timeout(20_000);
  let redis: RedisServer;
  let a: StateStores;
  let b: StateStores;
  let inspect: Redis;

  const stores = (secret = SECRET) =>
    createStateStores({
      config: {
        redis: { url: new Secret(redis.url), prefix: PREFIX, timeoutMs: 1000 },
        hashSecret: new Secret(secret),
      },
      failureWindowMs: 60_000,
      log: createLogger({ level: 'silent' }),
    });

  before(async function () {
    redis = await startRedisServer(requireProgram(this, redisProgram));
    [a, b] = [stores(), stores()];
    inspect = new Redis(redis.url);
    for (const s of [a, b]) {
      for (;;) {
        const health = await s.health();
        if (health.backend === 'redis' && health.up) break;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close(), inspect?.quit()]);
    await redis?.stop();
  });

  it('shares AuthnRequest and assertion IDs between instances, each answered once', async function () {
    await a.saml.rememberRequest('_req1');
    expect((await b.saml.takeRequest('_req1')).state).to.equal('outstanding');
    expect((await a.saml.takeRequest('_req1')).state).to.equal('answered');
    expect((await b.saml.takeRequest('_never')).state).to.equal('unknown');
    const until = new Date(Date.now() + 60_000);
    expect(await a.saml.recordAssertion('_asr1', until)).to.equal(false);
    expect(await b.saml.recordAssertion('_asr1', until)).to.equal(true);
  });

  it('shares the loaded IdP, dates included', async function () {
    const idp = {
      entityId: 'http://www.okta.com/exkSTATE',
      ssoServices: [
        { binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', location: 'https://x.example/sso' },
      ],
      certificates: [
        {
          pem: '-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----',
          notAfter: new Date('2030-01-02T03:04:05Z'),
        },
      ],
      nameIdFormats: [],
      warnings: [],
    };
    await a.idp.put(idp);
    const seen = await b.idp.get();
    expect(seen).to.deep.equal(idp);
    expect(seen!.certificates[0]!.notAfter).to.be.instanceOf(Date);
  });

  it('shares failed-auth counters and introspection answers, under the same identity hash', async function () {
    await a.failureCounters.increment('api:1.2.3.4:u:x');
    await b.failureCounters.increment('api:1.2.3.4:u:x');
    expect((await a.failureCounters.get('api:1.2.3.4:u:x'))?.totalHits).to.equal(2);
    expect(a.identityHash('token')).to.equal(b.identityHash('token'));
    const other = stores('another-session-secret-0123456789-abcdefghi');
    expect(other.identityHash('token')).to.not.equal(a.identityHash('token'));
    await other.close();

    const cacheOf = (s: StateStores) =>
      createIntrospectionCache({
        maxSeconds: 60,
        now: Date.now,
        entries: s.introspectionEntries!,
        keyOf: (t) => s.identityHash(`introspection\0${t}`),
      });
    const claims = { active: true, exp: Math.floor(Date.now() / 1000) + 300, scope: 'rally.provision' };
    await cacheOf(a).put('opaque-token-1', claims);
    expect(await cacheOf(b).get('opaque-token-1')).to.deep.equal(claims);
    expect(await cacheOf(b).get('opaque-token-2')).to.equal(undefined);
  });

  it('puts a TTL on every key it writes, all under REDIS_PREFIX', async function () {
    const keys = await inspect.keys('*');
    expect(keys.length).to.be.greaterThan(5);
    for (const key of keys) {
      expect(key.startsWith(PREFIX), key).to.equal(true);
      expect(await inspect.pttl(key), key).to.be.greaterThan(0);
    }
    // No key or value holds the token that was cached.
    for (const key of keys)
      expect(`${key} ${(await inspect.type(key)) === 'string' ? await inspect.get(key) : ''}`).to.not.include(
        'opaque-token',
      );
  });
});

describe('REDIS_URL and metrics configuration', function () {
  const problems = (env: Record<string, string>, readFile?: (p: string) => string) => {
    try {
      loadConfig(env, readFile ? { readFile } : {});
      return [];
    } catch (err) {
      return (err as ConfigError).problems;
    }
  };

  it('needs SESSION_SECRET with REDIS_URL, and a redis:// or rediss:// URL', function () {
    expect(problems({ REDIS_URL: 'redis://127.0.0.1:6379' }).join()).to.match(
      /REDIS_URL: set SESSION_SECRET/,
    );
    expect(problems({ REDIS_URL: 'http://127.0.0.1:6379', SESSION_SECRET: SECRET }).join()).to.match(
      /REDIS_URL: must be a redis/,
    );
    expect(
      problems({ REDIS_URL: 'rediss://:pw@redis.example:6380/1', SESSION_SECRET: SECRET }),
    ).to.deep.equal([]);
    expect(problems({ METRICS_TOKEN: 'short' }).join()).to.match(/METRICS_TOKEN/);
    expect(problems({ METRICS_PORT: '3000' }).join()).to.match(/METRICS_PORT: must differ from PORT/);
  });

  it('reads REDIS_URL from REDIS_URL_FILE and never shows it', function () {
    const config = loadConfig(
      { REDIS_URL_FILE: '/run/secrets/redis', SESSION_SECRET: SECRET },
      { readFile: () => 'rediss://:s3cret-pass@redis.example:6380\n' },
    );
    expect(config.state.redis?.url.reveal()).to.equal('rediss://:s3cret-pass@redis.example:6380');
    expect(JSON.stringify(config)).to.not.include('s3cret-pass');
  });
});
