import { z } from 'zod';
import { COMMON_ERRORS, endpoints, type Endpoint } from './endpoints.js';
import { CONNECTOR_ERROR_STATUS, type ConnectorErrorCode } from './errors.js';
import { ErrorSchema } from './schemas/meta.js';

type Json = Record<string, unknown>;

/**
 * OpenAPI 3.1 for /connector/v1, generated from the route table and the very zod schemas that
 * validate requests and type responses (OpenAPI 3.1 schemas are JSON Schema 2020-12, which is what
 * `z.toJSONSchema` writes). Named schemas (`.meta({id})`) become components.
 */
export function openApiDocument(): Json {
  const components: Record<string, Json> = {};
  const toSchema = (schema: z.ZodType, io: 'input' | 'output'): Json => {
    const json = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Json;
    const { $defs, $schema: _dialect, ...rest } = json;
    for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, Json>))
      components[name] = relink(def);
    return relink(rest);
  };

  const paths: Record<string, Record<string, Json>> = {};
  for (const ep of Object.values(endpoints) as Endpoint[]) {
    (paths[ep.path] ??= {})[ep.method.toLowerCase()] = operation(ep, toSchema);
  }
  toSchema(ErrorSchema, 'output');

  return {
    openapi: '3.1.0',
    info: {
      title: 'Rally connector for Okta Workflows',
      version: '1.0.0',
      description:
        'Provision Rally users from Okta Workflows. Every request carries the Rally credential of the Workflows connection (pass-through; nothing is stored). Errors are `{error: {code, message, status, details?}}`; codes are listed in docs/errors.md.',
    },
    servers: [{ url: '/connector/v1' }],
    security: [{ rallyBasic: [] }, { rallyApiKey: [] }, { rallyZsessionId: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        rallyBasic: { type: 'http', scheme: 'basic', description: 'Rally username and password.' },
        rallyApiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'A Rally API key (Full Access), as "Bearer <key>" or bare in Authorization.',
        },
        rallyZsessionId: {
          type: 'apiKey',
          in: 'header',
          name: 'ZSESSIONID',
          description: 'A Rally API key.',
        },
      },
    },
  };
}

function operation(ep: Endpoint, toSchema: (s: z.ZodType, io: 'input' | 'output') => Json): Json {
  const parameters = [
    ...parametersOf(ep.params, 'path', toSchema),
    ...parametersOf(ep.query, 'query', toSchema),
  ];
  const success: Json = ep.response
    ? {
        description: ep.summary,
        content: { 'application/json': { schema: toSchema(ep.response, 'output') } },
      }
    : { description: `${ep.summary}: done, no content.` };
  return {
    operationId: ep.id,
    summary: ep.summary,
    description: ep.description,
    ...(parameters.length > 0 && { parameters }),
    ...(ep.body && {
      requestBody: {
        required: true,
        content: { 'application/json': { schema: toSchema(ep.body, 'input') } },
      },
    }),
    responses: { [String(ep.status)]: success, ...errorResponses([...ep.errors, ...COMMON_ERRORS]) },
  };
}

function parametersOf(
  schema: z.ZodObject | undefined,
  where: 'path' | 'query',
  toSchema: (s: z.ZodType, io: 'input' | 'output') => Json,
): Json[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input');
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries((json.properties ?? {}) as Record<string, Json>).map(([name, prop]) => {
    const { description, ...rest } = prop;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description !== undefined && { description }),
      schema: rest,
    };
  });
}

function errorResponses(codes: readonly ConnectorErrorCode[]): Record<string, Json> {
  const byStatus = new Map<number, Set<string>>();
  for (const code of codes) {
    const status = CONNECTOR_ERROR_STATUS[code];
    byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
  }
  return Object.fromEntries(
    [...byStatus].map(([status, set]) => [
      String(status),
      {
        description: [...set].join(', '),
        ...(status === 429 && {
          headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } },
        }),
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    ]),
  );
}

/** z.toJSONSchema points at `#/$defs/X`; in OpenAPI the named schemas live in components. */
function relink(json: Json): Json {
  return JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', '"#/components/schemas/')) as Json;
}
