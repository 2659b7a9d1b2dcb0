import { pino } from 'pino';
import { start } from '../server/main.js';
import { createLogger } from '../server/logger.js';

/**
 * The service as `rally-okta serve` starts it (server/main.ts), in its own process.
 * argv: rallyBaseUrl [redisUrl]. Logs are serialised as in production and written to /dev/null.
 */
const [rallyBaseUrl = '', redisUrl] = process.argv.slice(2);
const logger = createLogger({
  level: 'info',
  destination: pino.destination({ dest: '/dev/null', sync: false }),
});
const running = await start(
  {
    PORT: '0',
    RALLY_URL: rallyBaseUrl,
    RALLY_TIMEOUT_MS: '60000',
    ...(redisUrl && {
      REDIS_URL: redisUrl,
      REDIS_PREFIX: 'bench:',
      SESSION_SECRET: 'bench-session-secret-0123456789-abcdefghijkl',
    }),
  },
  logger,
);
// Redis connects in the background: report ready once the service says it is.
for (;;) {
  const res = await fetch(`${running.url}/readyz`);
  if (res.ok) break;
  await new Promise((r) => setTimeout(r, 50));
}
process.send?.({ port: Number(new URL(running.url).port) });
process.on('SIGTERM', () => void running.stop().then(() => process.exit(0)));
