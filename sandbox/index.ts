import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandboxApp } from './app.js';
import { normalizeFaults } from './http/faults.js';
import { createGate } from './http/gate.js';
import { createStats } from './http/stats.js';
import { createModels } from './models/registry.js';
import { createPrng } from './prng.js';
import { createResultCache } from './query/cache.js';
import type { DataState, Runtime } from './runtime.js';
import { normalizeSeed } from './seed/config.js';
import { seedStore } from './seed/seed.js';
import { createInspector } from './inspect.js';
import type { CreateSandboxOptions, Sandbox, SandboxListening } from './types/public.js';

export type {
  CreateSandboxOptions,
  Sandbox,
  SandboxCredentials,
  SandboxFailure,
  SandboxFaults,
  SandboxListening,
  SandboxSeedOptions,
  SandboxStats,
} from './types/public.js';

/**
 * An embedded emulator of the Rally WSAPI v2.0 subset used for user provisioning
 * (docs/sandbox.md; facts from shared/reference/rally-wsapi.md). Nothing runs until `listen()` or
 * until `app` is mounted.
 */
export function createSandbox(options: CreateSandboxOptions = {}): Sandbox {
  const config = normalizeSeed(options.seed);
  const models = createModels();
  const now = options.now ?? (() => new Date());
  const freshData = (): DataState => ({ store: seedStore(config, models), cache: createResultCache() });
  const faultPrng = () => createPrng(config.randomSeed ^ 0x0fa017);
  const runtime: Runtime = {
    models,
    config,
    stats: createStats(),
    gate: createGate(() => runtime.faults.maxConcurrentPerUser),
    requests: new WeakMap(),
    now: () => now().getTime(),
    newToken: () => randomUUID(),
    data: freshData(),
    faults: normalizeFaults(options.faults),
    faultPrng: faultPrng(),
  };
  const app = createSandboxApp(runtime);

  return {
    app,
    credentials: { admin: config.admin, viewer: config.viewer },
    inspect: createInspector(runtime),
    reset() {
      runtime.data = freshData();
      runtime.faults = normalizeFaults();
      runtime.faultPrng = faultPrng();
      runtime.stats.reset();
      runtime.gate.pumpAll();
    },
    setFaults(faults) {
      runtime.faults = normalizeFaults(faults);
      runtime.faultPrng = faultPrng();
      runtime.gate.pumpAll();
    },
    stats: () => runtime.stats.snapshot(),
    async listen({ port = 0, host = '127.0.0.1' } = {}): Promise<SandboxListening> {
      const server = createServer(app);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, resolve);
      });
      const address = server.address() as AddressInfo;
      const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      const origin = `http://${hostPart}:${address.port}`;
      return {
        origin,
        baseUrl: `${origin}/slm/webservice/v2.0`,
        close: () =>
          new Promise<void>((resolve, reject) => {
            server.close((error) => (error ? reject(error) : resolve()));
            server.closeAllConnections();
          }),
      };
    },
  };
}
