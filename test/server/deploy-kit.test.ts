import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import { parse } from 'yaml';

const read = (path: string) => readFile(new URL(`../../${path}`, import.meta.url), 'utf8');

interface Service {
  environment?: Record<string, string>;
  image?: string;
}

/**
 * The deploy kit cannot be built here (no container engine), so its promises are read instead:
 * replicas that agree on what must agree, a non-root image running the compiled build, and docs
 * that list every variable a replica must share.
 */
describe('deploy kit (docker-compose.yml, Dockerfile, docs/operations.md)', function () {
  it('runs two replicas sharing PUBLIC_URL, SESSION_SECRET and one Redis, within Rally’s 12 per user', async function () {
    const compose = parse(await read('docker-compose.yml'), { merge: true }) as {
      services: Record<string, Service>;
    };
    const replicas = Object.entries(compose.services).filter(([, s]) => s.environment?.['REDIS_URL']);
    expect(replicas.map(([name]) => name)).to.have.length(2);
    const shared = ['PUBLIC_URL', 'SESSION_SECRET', 'REDIS_URL', 'REDIS_PREFIX', 'RALLY_URL', 'TRUST_PROXY'];
    const [first, second] = replicas.map(([, s]) => s.environment!);
    for (const name of shared) {
      expect(first![name], name).to.be.a('string').and.not.equal('');
      expect(second![name], name).to.equal(first![name]);
    }
    expect(first!['REDIS_URL']).to.match(/^redis:\/\/redis:/);
    expect(compose.services['redis']).to.not.equal(undefined);
    // Evicting a key under memory pressure would let a replay through or forget a failed-auth
    // count: a full Redis must refuse writes (the service then answers 503), never drop keys.
    const command = (compose.services['redis'] as { command?: string[] }).command ?? [];
    const policy = command[command.indexOf('--maxmemory-policy') + 1];
    expect(command.includes('--maxmemory-policy') ? policy : 'noeviction').to.equal('noeviction');
    const concurrency = replicas.reduce((n, [, s]) => n + Number(s.environment!['RALLY_CONCURRENCY']), 0);
    expect(concurrency).to.be.at.most(12);
    // Secrets come from the environment at deploy time, never from the file.
    expect(first!['SESSION_SECRET']).to.match(/^\$\{SESSION_SECRET:\?/);
  });

  it('builds an image that runs the compiled service as a non-root user', async function () {
    const dockerfile = await read('Dockerfile');
    const lastStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(lastStage).to.match(/^USER (?!root\b|0\b)\S+$/m);
    expect(lastStage).to.match(/^CMD \["node", "dist\/server\/cli\.js", "serve"\]$/m);
    expect(lastStage).to.match(/COPY --from=build \S+ \/app\/dist /);
    expect(lastStage).to.include('NODE_ENV=production');
  });

  it('documents where each piece of state lives and what every replica must share', async function () {
    const docs = await read('docs/operations.md');
    for (const piece of [
      'AuthnRequest IDs',
      'assertion IDs',
      'IdP metadata',
      'failed-authentication counters',
      'introspection',
      'provisioning check',
      'dropdown',
      'read-ahead',
      'audit trail',
    ])
      expect(docs, piece).to.include(piece);
    for (const variable of [
      'PUBLIC_URL',
      'SESSION_SECRET',
      'REDIS_URL',
      'METRICS_TOKEN',
      'METRICS_PORT',
      '/readyz',
      '/healthz',
    ])
      expect(docs, variable).to.include(variable);
  });
});
