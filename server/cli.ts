#!/usr/bin/env -S node --max-semi-space-size=8
import { readFile } from 'node:fs/promises';
import { createSandbox } from '../sandbox/index.js';
import { runSamlCli } from '../saml/cli.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { start } from './main.js';
import { runReconcileCli } from './reconcile-cli.js';

const USAGE = `Usage: rally-okta [command]

Commands:
  serve       Run the service (default). Configure it with environment variables; see README.md.
  sandbox     Run the Rally WSAPI sandbox alone (PORT, HOST, SANDBOX_* variables apply).
  reconcile   Report Rally users Okta does not manage: rally-okta reconcile [--csv | --json] (docs/audit.md).
  saml        Check an Okta SAML set-up: rally-okta saml validate --response FILE --metadata FILE [...] (docs/saml.md).
  help        Show this text.`;

async function main(argv: readonly string[]): Promise<number> {
  const [command = 'serve'] = argv;
  switch (command) {
    case 'serve':
      return serve();
    case 'sandbox':
      return sandboxOnly();
    case 'saml':
      return runSamlCli(argv.slice(1), {
        stdout: process.stdout,
        stderr: process.stderr,
        readFile: (p) => readFile(p, 'utf8'),
        now: () => new Date(),
      });
    case 'reconcile':
      return runReconcileCli(argv.slice(1), {
        env: process.env,
        stdout: process.stdout,
        stderr: process.stderr,
      });
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
      return 2;
  }
}

async function serve(): Promise<number> {
  const running = await start(process.env);
  await untilSignal();
  await running.stop();
  return 0;
}

async function sandboxOnly(): Promise<number> {
  const config = loadConfig(process.env, { servesConsole: false });
  const log = createLogger({ level: config.logLevel });
  const sandbox = createSandbox({
    seed: { users: config.sandbox.users, admin: config.sandbox.admin },
    ...(config.sandbox.latencyMs > 0 && { faults: { latencyMs: config.sandbox.latencyMs } }),
  });
  const listening = await sandbox.listen({ port: config.port, host: config.host });
  log.info(
    { baseUrl: listening.baseUrl, admin: sandbox.credentials.admin.username },
    'Rally sandbox listening',
  );
  await untilSignal();
  await listening.close();
  return 0;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nFix the variables above and start again.\n`);
      process.exit(2);
    }
    const e = err as { code?: string; message?: string };
    process.stderr.write(`rally-okta failed to start: ${e.code ?? ''} ${e.message ?? String(err)}\n`);
    process.exit(1);
  },
);
