import { benchAudit } from './audit.js';
import { benchConnector } from './connector.js';
import { benchEntitlements } from './entitlements.js';
import { benchRally } from './rally.js';
import { benchSaml } from './saml.js';
import { benchScim } from './scim.js';
import { benchState } from './state.js';

/**
 * `npm run bench`: every performance figure the issues ask for, in one run. BENCH_USERS and
 * BENCH_SECONDS shrink it for a quick look.
 */
const users = Number(process.env.BENCH_USERS ?? 20_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);

console.log(`# rally-okta-connector benchmark (node ${process.version}, ${new Date().toISOString()})`);
// BENCH_ONLY=<section> runs one section: rally, connector, scim, entitlements, saml, state, audit.
const only = process.env.BENCH_ONLY;
const run = (section: string) => !only || only === section;
if (run('rally')) await benchRally({ users, seconds });
if (run('connector')) await benchConnector({ users, seconds });
if (run('scim')) await benchScim({ users, seconds });
if (run('entitlements')) await benchEntitlements({ users });
if (run('saml')) await benchSaml();
if (run('state')) await benchState({ users, seconds });
if (run('audit')) await benchAudit({ users });
