import { createSandbox } from '../sandbox/index.js';

// argv: users latencyMs
const users = Number(process.argv[2] ?? 20000);
const latencyMs = Number(process.argv[3] ?? 0);
const started = performance.now();
const sandbox = createSandbox({ seed: { users }, ...(latencyMs > 0 && { faults: { latencyMs } }) });
const seedMs = performance.now() - started;
const listening = await sandbox.listen({ port: 0, host: '127.0.0.1' });
process.send?.({
  ...listening,
  close: undefined,
  seedMs,
  users: sandbox.inspect.users(),
  credentials: sandbox.credentials,
});
process.on('message', (m: { stats?: boolean; faults?: Parameters<typeof sandbox.setFaults>[0] }) => {
  if (m.faults) {
    sandbox.setFaults(m.faults);
    process.send?.({ faultsSet: true });
  }
  if (m.stats) process.send?.({ stats: sandbox.stats() });
});
process.on('SIGTERM', () => void listening.close().then(() => process.exit(0)));
