import { expect } from 'chai';
import type { Sandbox } from '../../sandbox/index.js';
import { freshSandbox, oidOf, q, queryResult, wsapi } from './helpers.js';

describe('sandbox type metadata', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = freshSandbox();
  });

  async function userAttributes(): Promise<Array<Record<string, unknown>>> {
    const defs = queryResult(
      await wsapi(
        sandbox,
        'get',
        `/typedefinition?query=${q('(ElementName = User)')}&fetch=Attributes`,
      ).expect(200),
    );
    expect(defs.TotalResultCount).to.equal(1);
    const attributes = defs.Results[0]!.Attributes as { _ref: string; Count: number };
    expect(attributes.Count).to.be.greaterThan(20);
    const path = `/typedefinition/${oidOf(attributes._ref.replace(/\/Attributes$/, ''))}/Attributes?fetch=true&pagesize=200`;
    return queryResult(await wsapi(sandbox, 'get', path).expect(200)).Results;
  }

  it('lists the User attributes with their flags', async () => {
    const attributes = await userAttributes();
    const userName = attributes.find((a) => a.ElementName === 'UserName');
    expect(userName).to.deep.include({
      _type: 'AttributeDefinition',
      Name: 'User Name',
      AttributeType: 'STRING',
      Constrained: false,
      ReadOnly: false,
      Required: true,
      Custom: false,
    });
    expect(attributes.find((a) => a.ElementName === 'SubscriptionAdmin')).to.deep.include({
      ReadOnly: true,
      AttributeType: 'BOOLEAN',
    });
    expect(attributes.find((a) => a.ElementName === 'TeamMemberships')).to.deep.include({
      AttributeType: 'COLLECTION',
    });
  });

  it('answers the allowed values of the dropdown attributes', async () => {
    const attributes = await userAttributes();
    for (const name of ['Department', 'CostCenter', 'OfficeLocation', 'Role']) {
      const attribute = attributes.find((a) => a.ElementName === name)!;
      expect(attribute.Constrained, name).to.equal(true);
      const summary = attribute.AllowedValues as { _ref: string; Count: number };
      const res = await wsapi(
        sandbox,
        'get',
        `/attributedefinition/${oidOf(summary._ref.replace(/\/AllowedValues$/, ''))}/AllowedValues`,
      ).expect(200);
      const values = queryResult(res).Results;
      expect(values).to.have.length(summary.Count);
      expect(values[0]).to.deep.include({ _type: 'AllowedAttributeValue', StringValue: 'None' });
      expect(values.length, name).to.be.greaterThan(4);
    }
  });
});
