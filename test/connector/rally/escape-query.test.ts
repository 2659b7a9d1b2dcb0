import { expect } from 'chai';
import { and, or, quoteValue, where } from '../../../connector/rally/index.js';
import { startRallyEnv, type RallyEnv } from '../../helpers/rally-env.js';

describe('Rally query building', () => {
  it('quotes strings and escapes backslashes and double quotes', () => {
    expect(quoteValue('plain')).to.equal('"plain"');
    expect(quoteValue('a"b')).to.equal('"a\\"b"');
    expect(quoteValue('a\\b')).to.equal('"a\\\\b"');
    expect(quoteValue('x") OR (UserName != "')).to.equal('"x\\") OR (UserName != \\""');
  });

  it('renders numbers, booleans and null bare', () => {
    expect(where('ObjectID', '>', 5)).to.equal('(ObjectID > 5)');
    expect(where('Disabled', '=', false)).to.equal('(Disabled = false)');
    expect(where('EmailAddress', '=', null)).to.equal('(EmailAddress = null)');
  });

  it('nests AND/OR as binary expressions', () => {
    const q = and(where('A', '=', 1), where('B', '=', 2), where('C', '=', 3));
    expect(q).to.equal('(((A = 1) AND (B = 2)) AND (C = 3))');
    expect(or(where('A', '=', 1))).to.equal('(A = 1)');
  });

  it('refuses field paths and operators that could carry syntax', () => {
    expect(() => where('UserName) OR (1', '=', 'x')).to.throw(TypeError);
    expect(() => where('UserName', '= "x") OR (' as '=', 'x')).to.throw(TypeError);
    expect(() => quoteValue(Number.NaN)).to.throw(TypeError);
  });

  describe('against the sandbox parser', () => {
    let env: RallyEnv;
    before(async () => {
      env = await startRallyEnv();
    });
    after(() => env.close());

    const hostile = [
      'x@y.z") OR (UserName != "',
      'x@y.z\\") OR (UserName != \\"',
      'x@y.z)) OR ((UserName contains "',
      '" OR "1" = "1',
      'a\\',
      '\\") OR (Disabled = false) AND ("',
    ];

    for (const value of hostile) {
      it(`finds nothing for a hostile user name: ${value}`, async () => {
        const api = env.client.as(env.admin.apiKey);
        expect(await api.findUserByUserName(value)).to.equal(undefined);
        const page = await api.queryUsers({ query: where('UserName', '=', value) });
        expect(page.total).to.equal(0);
      });
    }

    it('matches a stored user name holding quotes, parentheses and backslashes exactly', async () => {
      const api = env.client.as(env.admin.apiKey);
      const userName = 'o"brien)\\(x@example.com';
      const created = await api.createUser({ UserName: userName, EmailAddress: 'obrien@example.com' });
      const found = await api.findUserByUserName(userName);
      expect(found?.ObjectID).to.equal(created.ObjectID);
      const contains = await api.queryUsers({ query: where('UserName', 'contains', '"brien)\\(') });
      expect(contains.results.map((u) => u.ObjectID)).to.deep.equal([created.ObjectID]);
    });
  });
});
