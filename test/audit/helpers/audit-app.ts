import type { Express } from 'express';
import { createApp } from '../../../server/app.js';
import { createAudit, type Audit } from '../../../server/audit/index.js';
import { openStore, type Db } from '../../../store/index.js';
import { startAppEnv, type AppEnv } from '../../helpers/app-env.js';
import type { EngineEnv } from './engines.js';

export interface AuditAppEnv extends AppEnv {
  audit: Audit;
  db: Db;
  /** A new app on a newly opened store of the same engine (a restart). */
  reopen(): Promise<{ app: Express; audit: Audit; db: Db }>;
}

/** The whole app, with the audit trail on `engine`, in front of a real sandbox. */
export async function startAuditApp(
  engine: EngineEnv,
  opts: Parameters<typeof startAppEnv>[0] = {},
): Promise<AuditAppEnv> {
  const env = await startAppEnv({ ...opts, env: { ...engine.env, ...opts.env } });
  const open = async () => {
    const db = await openStore(engine.store);
    const audit = createAudit({ db, logger: env.deps.logger });
    return { db, audit, app: createApp({ ...env.deps, audit }) };
  };
  const first = await open();
  return {
    ...env,
    ...first,
    reopen: open,
    async close() {
      await first.db.close();
      await env.close();
    },
  };
}
