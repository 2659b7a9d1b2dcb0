import { benchAudit } from './audit.js';
import { benchConnector } from './connector.js';
import { benchRally } from './rally.js';
import { benchSaml } from './saml.js';
import { benchScim } from './scim.js';

/**
 * `npm run bench`: every performance figure the issues ask for, in one run. BENCH_USERS and
 * BENCH_SECONDS shrink it for a quick look.
 */
const users = Number(process.env.BENCH_USERS ?? 20_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);

console.log(`# rally-okta-connector benchmark (node ${process.version}, ${new Date().toISOString()})`);
// BENCH_ONLY=audit runs one section.
const only = process.env.BENCH_ONLY;
if (!only) {
  await benchRally({ users, seconds });
  await benchConnector({ users, seconds });
  await benchScim({ users, seconds });
  await benchSaml();
}
if (!only || only === 'audit') await benchAudit({ users });
