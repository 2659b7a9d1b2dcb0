import { z } from 'zod';
import { endpoints, type EndpointId, type HttpMethod } from '../endpoints.js';

/** Okta Workflows field types, as the card editor names them. */
export type WorkflowsType = 'Text' | 'Number' | 'True/False' | 'Object' | 'List of Text' | 'List of Objects';

export interface CardField {
  /** Key in the request (path parameter, query parameter, body field) or in the response. */
  readonly name: string;
  readonly type: WorkflowsType;
  readonly required: boolean;
  readonly description: string;
  /** Where an input goes in the request. */
  readonly in?: 'path' | 'query' | 'body';
}

export interface Card {
  /** File name under connector/cards/, and the anchor in the guide. */
  readonly key: string;
  /** As the card is named in Workflows. `_authping` is the reserved system flow. */
  readonly name: string;
  readonly kind: 'system' | 'action' | 'custom';
  readonly description: string;
  readonly method: HttpMethod | 'GET/POST/PATCH/PUT/DELETE';
  /** Relative URL below the connector base, `{name}` for path inputs. */
  readonly relativeUrl: string;
  readonly endpoint?: EndpointId;
  /** A body the card always sends (Deactivate/Reactivate User), not an input. */
  readonly fixedBody?: Readonly<Record<string, unknown>>;
  readonly inputs: readonly CardField[];
  readonly outputs: readonly CardField[];
  readonly successStatus: number;
  readonly streamable?: boolean;
  /** How to build the flow, one step a line (the guide prints them). */
  readonly steps: readonly string[];
  /** A shell variable the curl walkthrough keeps from this card's answer, for later cards. */
  readonly sets?: { readonly variable: string; readonly from: string };
  /** A working request against the sandbox; `$NAME` is a shell variable set by an earlier card. */
  readonly example: {
    /** Custom API Action only: the request it sends. */
    readonly method?: HttpMethod;
    readonly relativeUrl?: string;
    readonly path?: Readonly<Record<string, string>>;
    readonly query?: Readonly<Record<string, string>>;
    readonly body?: Readonly<Record<string, unknown>>;
  };
}

type Json = Record<string, unknown>;

/** A card that calls one endpoint: method, URL, inputs and outputs come from the route table. */
export function endpointCard(
  id: EndpointId,
  card: Omit<
    Card,
    'method' | 'relativeUrl' | 'endpoint' | 'inputs' | 'outputs' | 'successStatus' | 'kind'
  > & {
    /** Keep only inputs from these parts of the request (Deactivate User takes just the path). */
    readonly inputsFrom?: ReadonlyArray<NonNullable<CardField['in']>>;
    readonly kind?: Card['kind'];
  },
): Card {
  const ep = endpoints[id];
  const from = new Set(card.inputsFrom ?? ['path', 'query', 'body']);
  const inputs = [
    ...fieldsOf('params' in ep ? ep.params : undefined, 'input', 'path'),
    ...fieldsOf('query' in ep ? ep.query : undefined, 'input', 'query'),
    ...fieldsOf('body' in ep ? ep.body : undefined, 'input', 'body'),
  ].filter((f) => f.in !== undefined && from.has(f.in));
  const { inputsFrom: _from, ...rest } = card;
  return {
    kind: 'action',
    ...rest,
    method: ep.method,
    relativeUrl: ep.path,
    endpoint: id,
    inputs,
    outputs: fieldsOf('response' in ep ? ep.response : undefined, 'output'),
    successStatus: ep.status,
  };
}

/** The top-level fields of an object schema as card fields. */
export function fieldsOf(
  schema: z.ZodType | undefined,
  io: 'input' | 'output',
  where?: CardField['in'],
): CardField[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  const defs = (json.$defs ?? {}) as Record<string, Json>;
  const root = resolve(json, defs);
  const required = new Set((root.required ?? []) as string[]);
  return Object.entries((root.properties ?? {}) as Record<string, Json>).map(([name, prop]) => ({
    name,
    type: workflowsType(prop, defs),
    // A field with a default may be left out even when the parsed value always has it.
    required: where === 'path' || (required.has(name) && !('default' in prop)),
    description: typeof prop.description === 'string' ? prop.description : '',
    ...(where && { in: where }),
  }));
}

function resolve(json: Json, defs: Record<string, Json>): Json {
  const ref = typeof json.$ref === 'string' ? /#\/\$defs\/(.+)$/.exec(json.$ref)?.[1] : undefined;
  return ref
    ? { ...defs[ref], ...(json.description !== undefined && { description: json.description }) }
    : json;
}

function workflowsType(prop: Json, defs: Record<string, Json>): WorkflowsType {
  const p = resolve(prop, defs);
  const variants = Array.isArray(p.anyOf) ? (p.anyOf as Json[]) : [p];
  const types = variants.flatMap((v) => {
    const r = resolve(v, defs);
    return Array.isArray(r.type)
      ? (r.type as string[])
      : r.type
        ? [r.type as string]
        : r.properties
          ? ['object']
          : [];
  });
  const t = types.find((x) => x !== 'null') ?? 'string';
  switch (t) {
    case 'integer':
    case 'number':
      return 'Number';
    case 'boolean':
      return 'True/False';
    case 'object':
      return 'Object';
    case 'array': {
      const items = resolve((p.items ?? {}) as Json, defs);
      return items.type === 'string' ? 'List of Text' : 'List of Objects';
    }
    default:
      return 'Text';
  }
}
