import {
  createRallyClient,
  type RallyClient,
  type RallyClientOptions,
  type RallyCredential,
} from '../../connector/rally/index.js';
import { createSandbox, type Sandbox, type SandboxSeedOptions } from '../../sandbox/index.js';

export interface RallyEnv {
  sandbox: Sandbox;
  baseUrl: string;
  origin: string;
  client: RallyClient;
  admin: { apiKey: RallyCredential; basic: RallyCredential };
  viewer: { apiKey: RallyCredential; basic: RallyCredential };
  /** A fresh client against the same sandbox with other options (closed by `close`). */
  makeClient(opts?: Partial<RallyClientOptions>): RallyClient;
  close(): Promise<void>;
}

/** A real sandbox on a loopback port and a real client talking to it over HTTP. */
export async function startRallyEnv(
  opts: { seed?: SandboxSeedOptions; client?: Partial<RallyClientOptions> } = {},
): Promise<RallyEnv> {
  const sandbox = createSandbox(opts.seed ? { seed: opts.seed } : {});
  const listening = await sandbox.listen({ port: 0, host: '127.0.0.1' });
  const clients: RallyClient[] = [];
  const makeClient = (o: Partial<RallyClientOptions> = {}) => {
    const c = createRallyClient({ baseUrl: listening.baseUrl, timeoutMs: 10_000, ...opts.client, ...o });
    clients.push(c);
    return c;
  };
  const { admin, viewer } = sandbox.credentials;
  return {
    sandbox,
    baseUrl: listening.baseUrl,
    origin: listening.origin,
    client: makeClient(),
    admin: {
      apiKey: { kind: 'apiKey', apiKey: admin.apiKey },
      basic: { kind: 'basic', username: admin.username, password: admin.password },
    },
    viewer: {
      apiKey: { kind: 'apiKey', apiKey: viewer.apiKey },
      basic: { kind: 'basic', username: viewer.username, password: viewer.password },
    },
    makeClient,
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await listening.close();
    },
  };
}

/** Resolves with the rejection of a promise that must fail. */
export async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

export const noRetryDelay = { sleep: async () => undefined } as const;
