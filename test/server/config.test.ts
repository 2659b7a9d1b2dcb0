import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../server/config.js';

describe('configuration', () => {
  it('has working defaults for a fresh machine', () => {
    const c = loadConfig({});
    expect(c.port).to.equal(3000);
    expect(c.host).to.equal('127.0.0.1');
    expect(c.publicUrl).to.equal('http://127.0.0.1:3000');
    expect(c.rallyUrl).to.equal(undefined);
    expect(c.rally).to.deep.equal({ timeoutMs: 25_000, concurrency: 12, queueLimit: 1000 });
    expect(Object.isFrozen(c) && Object.isFrozen(c.rally)).to.equal(true);
  });

  it('accepts a Rally server root or a full WSAPI base', () => {
    expect(loadConfig({ RALLY_URL: 'https://rally1.rallydev.com' }).rallyUrl).to.equal(
      'https://rally1.rallydev.com/slm/webservice/v2.0',
    );
    expect(loadConfig({ RALLY_URL: 'https://rally1.rallydev.com/slm/webservice/v2.0/' }).rallyUrl).to.equal(
      'https://rally1.rallydev.com/slm/webservice/v2.0',
    );
  });

  it('names every bad variable in one error', () => {
    try {
      loadConfig({ PORT: 'eighty', RALLY_URL: 'ftp://x', RALLY_CONCURRENCY: '40', LOG_LEVEL: 'loud' });
      expect.fail('should throw');
    } catch (err) {
      expect(err).to.be.instanceOf(ConfigError);
      const msg = (err as ConfigError).message;
      for (const name of ['PORT', 'RALLY_URL', 'RALLY_CONCURRENCY', 'LOG_LEVEL'])
        expect(msg).to.contain(name);
      expect((err as ConfigError).problems).to.have.length(4);
    }
  });

  it('lets the sandbox alone bind a non-loopback HOST, since it serves no console', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).to.throw(ConfigError, /not a loopback address/);
    expect(loadConfig({ HOST: '0.0.0.0' }, { servesConsole: false }).host).to.equal('0.0.0.0');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ RALLY_URL: '', PORT: '' }).port).to.equal(3000);
  });
});
