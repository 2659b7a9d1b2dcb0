import { COMMON_ERRORS, endpoints, type Endpoint } from '../endpoints.js';
import type { Card, CardField } from './card.js';
import { exampleRequest } from './example.js';
import { cards as catalogue } from './index.js';

export interface GuideInput {
  /** The API's error registry (server/error-codes.ts): code → status and meaning. */
  readonly errorCodes: Readonly<Record<string, { readonly status: number; readonly meaning: string }>>;
  readonly cards?: readonly Card[];
}

/**
 * docs/okta-workflows.md, rendered from the card catalogue, the route table and the error registry
 * so it cannot drift from them (test/connector/api/guide.test.ts compares the file with this).
 * Regenerate with `npx tsx scripts/render-guide.ts`.
 */
export function renderGuide(input: GuideInput): string {
  const cards = input.cards ?? catalogue;
  return [
    '<!-- Generated from connector/cards, connector/endpoints.ts and server/error-codes.ts by scripts/render-guide.ts. Edit those, then run `npx tsx scripts/render-guide.ts`. -->',
    '',
    '# Okta Workflows connector',
    '',
    'The service exposes a small JSON API under `/connector/v1` for an Okta Workflows connector (built with the',
    'Connector Builder) to provision Rally users: create, update, deactivate and reactivate users, find them, and',
    'manage their access to Rally workspaces and projects. By default every request carries the Rally credential',
    'of the Workflows connection and the service stores none; with `AUTH_MODE=oauth` the connection uses OAuth 2.0',
    'client credentials and the service holds the Rally credential ("2. Authentication" below). The OpenAPI',
    'description is served at `/connector/v1/openapi.json`.',
    '',
    ...curlSection(cards),
    ...builderSection(cards),
    ...cards.flatMap(cardSection),
    ...listsSection(),
    ...dropdownSection(),
    ...errorSection(input.errorCodes),
  ].join('\n');
}

function curlSection(cards: readonly Card[]): string[] {
  return [
    '## Try every card with curl',
    '',
    '`npm start` runs the service with an embedded Rally sandbox (seeded accounts: docs/sandbox.md). In another',
    'terminal:',
    '',
    '```sh',
    'BASE=http://127.0.0.1:3000/connector/v1',
    "AUTH='Authorization: Bearer _sandboxAdminKey'   # a Rally API key; or use: curl -u admin@rally.sandbox:sandbox-admin",
    '```',
    '',
    'Each card below is one request. Run them in this order: Create User keeps the new user’s id in `USER_ID` and',
    'List Groups keeps a project id in `PROJECT_ID` for the cards after them (Create User answers 409 if run twice;',
    'restart `npm start` for a fresh sandbox).',
    '',
    ...cards.flatMap((card) => [`**${card.name}**`, '', '```sh', curl(card), '```', '']),
  ];
}

function curl(card: Card): string {
  const req = exampleRequest(card);
  const parts = ['curl -s', '-H "$AUTH"'];
  if (req.method !== 'GET') parts.push(`-X ${req.method}`);
  if (req.body) parts.push(`-H 'Content-Type: application/json' -d '${JSON.stringify(req.body)}'`);
  parts.push(`"$BASE${req.url}"`);
  const command = parts.join(' ');
  if (!card.sets) return command;
  const path = card.sets.from
    .split('.')
    .map((k) => (/^\d+$/.test(k) ? `[${k}]` : `.${k}`))
    .join('');
  const v = card.sets.variable;
  return `${v}=$(${command} | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8"))${path}'); echo "${v}=$${v}"`;
}

function builderSection(cards: readonly Card[]): string[] {
  return [
    '## Build the connector in Okta Workflows',
    '',
    'Okta does not publish an exported Connector Builder project to import, so the connector is built by hand once,',
    'following these steps. Names in quotes are what Workflows shows; where Okta’s documentation does not settle a',
    'detail, the step says what to look for.',
    '',
    '### 1. Create the connector project',
    '',
    '1. In the Okta Workflows console open **Connector Builder** and click **+ New Connector**.',
    '2. Name it "Rally", add a description ("Provision Rally users") and an icon, and save.',
    '3. Deploy this service where Workflows can reach it over HTTPS (set `PUBLIC_URL` and `RALLY_URL`; see',
    '   README). The base URL of the connector is `https://<your host>/connector/v1`.',
    '',
    '### 2. Authentication',
    '',
    'In the project’s authentication settings add one authentication (Connector Builder offers Basic, OAuth 2.0 and',
    'Custom). Which one depends on how the service is run (`AUTH_MODE`, see [auth.md](auth.md)).',
    '',
    '**Pass-through (`AUTH_MODE=passthrough`, the default).** The connection holds a Rally credential; the service',
    'uses it for that request and keeps nothing. Use Basic or Custom:',
    '',
    '- **Basic**: the Rally username (email format) and password of a Rally Subscription Administrator. The',
    '  service also checks that Rally gives this account a security token for writes.',
    '- **Custom** (API key): add one parameter, "API Key" (type password), for a Rally **Full Access** API key',
    '  of a Subscription Administrator (Rally → API Keys). The `httpHelper` flow sends it as',
    '  `Authorization: Bearer <API Key>`. A read-only key passes the check but fails on the first write.',
    '',
    '**OAuth 2.0 client credentials (`AUTH_MODE=oauth`).** The service holds the Rally credential; the connection',
    'holds an Okta client that obtains short-lived access tokens, so no Rally password is kept in Workflows:',
    '',
    '1. In Okta, create the authorization server scope, its access policy and an **API Services** app as',
    '   [auth.md](auth.md) describes ("OAuth 2.0 for the Workflows connection").',
    '2. Choose **OAuth 2.0** with the **Client Credentials** grant. Token URL: the authorization server’s token',
    '   endpoint, `https://<your Okta domain>/oauth2/<authorization server id>/v1/token`. Scope: `rally.provision`',
    '   (the service’s `OAUTH_REQUIRED_SCOPE`).',
    '3. Whoever creates a connection enters the API Services app’s client ID and client secret. Workflows gets a',
    '   token, sends it as `Authorization: Bearer <token>` on every request and gets a new one when it expires.',
    '',
    '### 3. The `httpHelper` flow',
    '',
    'Every card calls this helper flow, so the base URL and the auth header live in one place.',
    '',
    '1. Add a helper flow named `httpHelper` with inputs `relative_url` (Text), `request_method` (Text),',
    '   `query` (Object), `headers` (Object), `body` (Object).',
    '2. **Text → Compose**: `https://<your host>/connector/v1{relative_url}`.',
    '3. With Custom auth: **Object → Construct** the headers `Authorization` = `Bearer ` + the connection’s',
    '   "API Key", merged with `headers`. With Basic or OAuth 2.0 auth the HTTP card adds the Authorization header',
    '   from the connection itself.',
    '4. **HTTP → Raw Request** with the connection, the composed URL, `request_method`, the headers, `query`',
    '   and `body`. Leave its retry on: it retries 429 (the service sends `Retry-After`) and 504.',
    '5. Return `status_code`, `headers` and `body`.',
    '',
    '### 4. The `_authping` flow and the cards',
    '',
    'Add one flow per card below: `_authping` (the reserved system flow that Workflows runs to test a',
    'connection) and one action flow per card, each built from the card’s steps. Inputs and outputs are listed',
    'with their Workflows types; "Required" inputs should be marked required on the card so Workflows asks for them.',
    `The catalogue has ${cards.length} cards.`,
    '',
  ];
}

function cardSection(card: Card): string[] {
  const endpoint: Endpoint | undefined = card.endpoint ? endpoints[card.endpoint] : undefined;
  const url = card.kind === 'custom' ? 'the Relative URL input' : `\`${card.relativeUrl}\``;
  return [
    `#### ${card.name}`,
    '',
    card.description,
    '',
    `- Request: \`${card.method}\` ${url}${card.fixedBody ? ` with body \`${JSON.stringify(card.fixedBody)}\`` : ''}`,
    `- Success: ${card.successStatus}${card.streamable ? ' (streamable)' : ''}`,
    ...(endpoint
      ? [
          `- Failures: ${[...endpoint.errors, ...COMMON_ERRORS]
            .filter(unique)
            .map((c) => `\`${c}\``)
            .join(', ')}`,
        ]
      : []),
    '',
    ...fieldTable('Inputs', card.inputs, true),
    ...fieldTable('Outputs', card.outputs, false),
    'Steps:',
    '',
    ...card.steps.map((s, i) => `${i + 1}. ${s}`),
    '',
  ];
}

function fieldTable(title: string, fields: readonly CardField[], inputs: boolean): string[] {
  if (fields.length === 0) return [`${title}: none.`, ''];
  return [
    `${title}:`,
    '',
    inputs ? '| Name | Type | Required | In | Description |' : '| Name | Type | Description |',
    inputs ? '|---|---|---|---|---|' : '|---|---|---|',
    ...fields.map((f) =>
      inputs
        ? `| \`${f.name}\` | ${f.type} | ${f.required ? 'yes' : 'no'} | ${f.in ?? ''} | ${cell(f.description)} |`
        : `| \`${f.name}\` | ${f.type} | ${cell(f.description)} |`,
    ),
    '',
  ];
}

function listsSection(): string[] {
  return [
    '### 5. Lists: pagination and streaming',
    '',
    '- List endpoints take `limit` (Find Users: 1–2000, default 100) and answer `nextCursor`; pass it back as',
    '  `cursor` with the same filters until it is `null`. Cursors are opaque; a changed one answers 400',
    '  `INVALID_CURSOR`.',
    '- **Paginate** (Find Users with "Stream"): a helper flow with inputs `Record` and `State` calls',
    '  `httpHelper` for `/users` with `State.cursor`, hands each user to the streaming flow, and stores',
    '  `nextCursor` in the State; the Paginate card stops when it is `null` (Workflows caps it at 5,000',
    '  iterations: 5,000 × 2,000 users).',
    '- Read one page after another. After each page the service fetches the following Rally pages in',
    '  parallel (within Rally’s 12-requests-per-user limit), so the next page is usually ready; parallel',
    '  readers only compete for that limit.',
    '- The order is Rally’s ObjectID order. A listing (a request without `cursor`) starts with what Rally has',
    '  now; its later pages may be up to a minute old, so a user created during a long listing appears at the',
    '  end or in the next run.',
    '',
  ];
}

function dropdownSection(): string[] {
  return [
    '### 6. Dynamic dropdowns',
    '',
    'Department, Cost Center, Office Location and Role take only the values defined for the Rally subscription.',
    'Make them dynamic dropdowns on Create User and Update User: a helper flow calls `/schema/users` (the List User',
    'Schema card), picks the attribute by `name` and returns its `allowedValues`. A value outside the list answers',
    '400 `VALIDATION_FAILED` naming the allowed ones; matching ignores case.',
    '',
  ];
}

function errorSection(errorCodes: GuideInput['errorCodes']): string[] {
  const codes = [
    ...new Set([...(Object.values(endpoints) as Endpoint[]).flatMap((e) => e.errors), ...COMMON_ERRORS]),
    'MALFORMED_JSON',
    'UNSAFE_JSON',
    'PAYLOAD_TOO_LARGE',
    // The auth layer's answers (server/auth): OAuth connections and the failed-authentication limit.
    'INVALID_TOKEN',
    'INSUFFICIENT_SCOPE',
    'SERVICE_CREDENTIAL_REFUSED',
    'AUTH_SERVER_UNAVAILABLE',
    'TOO_MANY_AUTH_FAILURES',
  ].filter(unique);
  return [
    '### 7. Error handling',
    '',
    'Failures answer `{"error": {"code", "message", "status", "details"}}`. `message` says what to fix;',
    '`details.rallyMessages` holds Rally’s own words; `details.fields` lists bad inputs. In each action flow, check',
    '`status_code` after `httpHelper` and, when it is not the card’s success status, use **Flow Control → Return',
    'Error** with `status_code` and `body.error.message`. Workflows retries only 429 by itself; the others are',
    'answers to act on:',
    '',
    '| Code | Status | Meaning |',
    '|---|---|---|',
    ...codes.map((c) => {
      const info = errorCodes[c];
      return `| \`${c}\` | ${info?.status ?? '?'} | ${cell(info?.meaning ?? '')} |`;
    }),
    '',
    'Every code the service can answer is in [errors.md](errors.md).',
    '',
  ];
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function unique<T>(v: T, i: number, all: readonly T[]): boolean {
  return all.indexOf(v) === i;
}
