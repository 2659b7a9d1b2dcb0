import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createUserWindows } from '../connector/listing/user-window.js';
import { createRallyClient } from '../connector/rally/index.js';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { createLogger } from '../server/logger.js';
import { createReferenceProxy } from './reference-proxy.js';

/**
 * One HTTP front in its own process, so its CPU and peak RSS are its own.
 * argv: kind (service | service-nocache | service-naive | reference) rallyBaseUrl
 *
 * `service` is the app as `npm start` builds it (default read-ahead windows, info logging).
 * `service-nocache` turns the windows' cache off (ttlMs 0), so each request makes exactly the one
 * Rally query the reference proxy makes: the fair measure of our request pipeline.
 * `service-naive` also shrinks the Rally page to 100 users: one Rally request per Okta SCIM page
 * (count=100), the naive mapping the SCIM import is compared with.
 */
const [kind = 'service', rallyBaseUrl = ''] = process.argv.slice(2);

function build(): Server {
  if (kind === 'reference') return createReferenceProxy({ rallyBaseUrl });
  const config = loadConfig({ RALLY_URL: rallyBaseUrl, LOG_LEVEL: 'info' });
  // Real log lines, serialised as in production, written where they cost nothing to keep.
  const logger = createLogger({
    level: 'info',
    destination: pino.destination({ dest: '/dev/null', sync: false }),
  });
  const rally = createRallyClient({ baseUrl: config.rallyUrl!, timeoutMs: 60_000 });
  const userWindows = createUserWindows({
    client: rally,
    ...(kind === 'service-nocache' && { ttlMs: 0 }),
    ...(kind === 'service-naive' && { ttlMs: 0, blockSize: 100 }),
  });
  return createServer(createApp({ config, logger, rally, userWindows }));
}

const server = build();
server.keepAliveTimeout = 65_000;
// Sampled peak RSS from the moment the front is ready: the process high-water mark (maxRSS) also
// holds start-up work (and, run from source, tsx compiling TypeScript), which the listing does not cause.
// Sampling starts with the first resetPeak, so the adapter-cost runs do not pay for it.
let peakRss = 0;
let sampler: NodeJS.Timeout | undefined;
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
process.on('message', (m: { report?: boolean; resetPeak?: boolean }) => {
  if (m.resetPeak) {
    peakRss = process.memoryUsage.rss();
    sampler ??= setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 10).unref();
  }
  if (m.report) {
    const cpu = process.cpuUsage();
    process.send?.({
      peakRssMb: peakRss / 2 ** 20,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      cpuMs: (cpu.user + cpu.system) / 1000,
    });
  }
});
process.on('SIGTERM', () => process.exit(0));
