import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RallyObserver } from '../../connector/rally/index.js';

/**
 * The service's Prometheus metrics (prom-client), one registry per app so instances in one
 * process (tests) never share counters. Labels are bounded: route templates (never raw paths),
 * and credentials as a keyed hash of their one-way id (`credentialLabel`), never a secret or a
 * username.
 */
export interface Metrics {
  readonly registry: Registry;
  /** One HTTP request answered: `route` is the matched template. */
  observeRequest(e: { method: string; route: string; status: number; seconds: number }): void;
  readonly rally: RallyObserver;
  samlValidated(endpoint: 'acs' | 'validate', valid: boolean): void;
  cacheLookup(cache: string, hit: boolean): void;
  /** Shared state: 1 while Redis answers (Redis mode only). */
  redisUp(up: boolean): void;
}

export function createMetrics(opts: {
  credentialLabel: (credentialId: string) => string;
  /** Distinct credential labels on counters at most; later credentials share `other`. */
  maxCredentials?: number;
}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route template, method and status',
    labelNames: ['route', 'method', 'status'],
    registers,
  });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route template, method and status',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const rallyCalls = new Counter({
    name: 'rally_requests_total',
    help: 'HTTP exchanges with Rally, by credential (keyed hash), method, outcome and status',
    labelNames: ['credential', 'method', 'outcome', 'status'],
    registers,
  });
  const rallyLatency = new Histogram({
    name: 'rally_request_duration_seconds',
    help: 'Time of one HTTP exchange with Rally',
    labelNames: ['outcome'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25],
    registers,
  });
  const retries = new Counter({
    name: 'rally_retries_total',
    help: 'Idempotent Rally requests sent again, by credential (keyed hash) and the error retried',
    labelNames: ['credential', 'code'],
    registers,
  });
  const ambiguous = new Counter({
    name: 'rally_ambiguous_create_lookups_total',
    help: 'UserName lookups after a create whose outcome was unknown; found: the create had landed',
    labelNames: ['credential', 'found'],
    registers,
  });
  const inFlight = new Gauge({
    name: 'rally_in_flight_requests',
    help: 'Rally requests being sent now, per busy credential (keyed hash)',
    labelNames: ['credential'],
    registers,
  });
  const queued = new Gauge({
    name: 'rally_queued_requests',
    help: 'Rally requests waiting for one of the credential’s 12 slots, per busy credential (keyed hash)',
    labelNames: ['credential'],
    registers,
  });
  const saml = new Counter({
    name: 'saml_validations_total',
    help: 'SAML responses validated, by endpoint and verdict',
    labelNames: ['endpoint', 'verdict'],
    registers,
  });
  const cache = new Counter({
    name: 'cache_lookups_total',
    help: 'Cache lookups, by cache and result (hit or miss)',
    labelNames: ['cache', 'result'],
    registers,
  });
  const redis = new Gauge({
    name: 'redis_up',
    help: '1 while Redis (shared state) answers, 0 while it does not',
    registers,
  });
  const label = boundedLabels(opts.credentialLabel, opts.maxCredentials ?? 200);

  return {
    registry,
    observeRequest(e) {
      const labels = { route: e.route, method: e.method, status: String(e.status) };
      requests.inc(labels);
      latency.observe(labels, e.seconds);
    },
    rally: {
      request(e) {
        rallyCalls.inc({
          // A credential Rally refused (a guess, a stale password) never gets a series of its own.
          credential: e.status === 401 ? 'refused' : label(e.credential),
          method: e.method,
          outcome: e.outcome,
          status: e.status === undefined ? 'none' : String(e.status),
        });
        rallyLatency.observe({ outcome: e.outcome }, e.seconds);
      },
      retry: (e) => retries.inc({ credential: label(e.credential), code: e.code }),
      ambiguousCreate: (e) => ambiguous.inc({ credential: label(e.credential), found: String(e.found) }),
      lane(e) {
        // Lane series leave when the lane is idle: the credential's own label, never capped.
        const credential = opts.credentialLabel(e.credential);
        // An idle lane leaves the series, so only busy credentials are exported.
        if (e.active === 0 && e.queued === 0) {
          inFlight.remove({ credential });
          queued.remove({ credential });
          return;
        }
        inFlight.set({ credential }, e.active);
        queued.set({ credential }, e.queued);
      },
    },
    samlValidated: (endpoint, valid) => saml.inc({ endpoint, verdict: valid ? 'valid' : 'invalid' }),
    cacheLookup: (name, hit) => cache.inc({ cache: name, result: hit ? 'hit' : 'miss' }),
    redisUp: (up) => redis.set(up ? 1 : 0),
  };
}

/**
 * Counter series are never removed, so the credentials that get a label of their own are capped:
 * past `max`, new ones are counted under `other` and the set of series stays bounded.
 */
function boundedLabels(label: (id: string) => string, max: number): (id: string) => string {
  const given = new Set<string>();
  return (id) => {
    const l = label(id);
    if (given.has(l)) return l;
    if (given.size >= max) return 'other';
    given.add(l);
    return l;
  };
}
