import { expect } from 'chai';
import type { Router } from 'express';
import request from 'supertest';
import { cards } from '../../../connector/cards/index.js';
import { exampleRequest, pick, substitute } from '../../../connector/cards/example.js';
import { endpoints, expressPath, type Endpoint } from '../../../connector/endpoints.js';
import { createConnectorRouter } from '../../../server/routes/connector/index.js';
import { startAppEnv, type AppEnv } from '../../helpers/app-env.js';
import { authHeaders, BASE, resetAll } from '../../helpers/connector.js';

describe('Workflows card catalogue', () => {
  let env: AppEnv;
  before(async () => {
    env = await startAppEnv();
  });
  after(() => env.close());
  beforeEach(() => resetAll(env));

  function routes(router: Router): string[] {
    return (
      router.stack as unknown as Array<{ route?: { path: string; methods: Record<string, boolean> } }>
    ).flatMap((layer) =>
      layer.route
        ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`)
        : [],
    );
  }

  it('has every card the issue asks for', () => {
    expect(cards.map((c) => c.name)).to.include.members([
      '_authping',
      'Create User',
      'Update User',
      'Get User',
      'Find Users',
      'Deactivate User',
      'Reactivate User',
      'List Groups',
      'Add Group Member',
      'Remove Group Member',
      'Custom API Action',
    ]);
    expect(cards.find((c) => c.name === 'Find Users')!.streamable).to.equal(true);
  });

  it('keeps the router, the route table and the cards in step', () => {
    const router = createConnectorRouter({ rally: env.client, userWindows: env.userWindows });
    const table = (Object.values(endpoints) as Endpoint[]).map((e) => `${e.method} ${expressPath(e.path)}`);
    expect(routes(router).filter((r) => r !== 'GET /openapi.json')).to.have.members(table);
    for (const card of cards.filter((c) => c.endpoint)) {
      const ep = endpoints[card.endpoint!];
      expect(`${card.method} ${card.relativeUrl}`, card.name).to.equal(`${ep.method} ${ep.path}`);
      expect(card.successStatus, card.name).to.equal(ep.status);
    }
    const covered = new Set(cards.map((c) => c.endpoint));
    expect(Object.keys(endpoints).filter((id) => !covered.has(id as keyof typeof endpoints))).to.deep.equal(
      [],
    );
  });

  it('gives each card the inputs its endpoint’s schemas accept, required where the schema requires', () => {
    for (const card of cards.filter((c) => c.endpoint && c.kind === 'action')) {
      const ep: Endpoint = endpoints[card.endpoint!];
      for (const input of card.inputs) {
        const schema = input.in === 'path' ? ep.params : input.in === 'query' ? ep.query : ep.body;
        expect(schema?.shape, `${card.name}.${input.name}`).to.have.property(input.name);
        const optional = schema!.shape[input.name]!.safeParse(undefined).success;
        expect(input.required, `${card.name}.${input.name} required`).to.equal(
          input.in === 'path' || !optional,
        );
      }
    }
  });

  it('runs every card’s example against the sandbox, in order, as the guide’s curl does', async () => {
    const vars: Record<string, string> = {};
    for (const card of cards) {
      const req = exampleRequest(card);
      const url = `${BASE}${substitute(req.url, vars)}`;
      const method = req.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
      const test = request(env.app)[method](url).set(authHeaders(env, 'admin'));
      const res = await (req.body ? test.send(req.body) : test);
      expect(res.status, `${card.name}: ${JSON.stringify(res.body)}`).to.equal(card.successStatus);
      if (card.kind === 'action') {
        for (const output of card.outputs)
          expect(res.body, `${card.name} output`).to.have.property(output.name);
      }
      if (card.sets) vars[card.sets.variable] = pick(res.body, card.sets.from)!;
    }
    expect(Object.keys(vars)).to.have.members(['USER_ID', 'PROJECT_ID']);
  });
});
