import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresProgram, requireProgram } from '../../helpers/prerequisites.js';
import { startPostgres, type PostgresServer } from '../../helpers/postgres.js';

/** Where one test suite keeps its store: a temp DATA_DIR, or a fresh database on a real server. */
export interface EngineEnv {
  readonly name: 'sqlite' | 'postgres';
  /** Environment for the service (DATA_DIR or DATABASE_URL). */
  readonly env: Record<string, string>;
  readonly store: { dataDir: string; databaseUrl?: string };
  close(): Promise<void>;
}

export const ENGINES = ['sqlite', 'postgres'] as const;

/** For a suite's `before`: the engine's store, skipping (or failing in CI) without PostgreSQL. */
export async function engineFor(ctx: Mocha.Context, name: (typeof ENGINES)[number]): Promise<EngineEnv> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rally-okta-audit-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (name === 'sqlite')
    return { name, env: { DATA_DIR: dataDir }, store: { dataDir }, close: async () => removeDir() };
  const initdb = requireProgram(ctx, postgresProgram);
  ctx.timeout(60_000);
  const server: PostgresServer = await startPostgres(initdb);
  const databaseUrl = await server.createDatabase();
  return {
    name,
    env: { DATA_DIR: dataDir, DATABASE_URL: databaseUrl },
    store: { dataDir, databaseUrl },
    async close() {
      await server.stop();
      removeDir();
    },
  };
}
