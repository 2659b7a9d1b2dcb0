import { Writable } from 'node:stream';
import { expect } from 'chai';
import { createLogger } from '../../server/logger.js';

describe('server logger redaction of SAML secrets', function () {
  it('blanks SP private keys wherever they appear, and leaves certificates readable', function () {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk: Buffer, _e, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    });
    logger.info(
      {
        body: { decryptionKey: 'KEY-ONE', idpCert: 'CERT-PUBLIC' },
        opts: { privateKey: 'KEY-TWO', decryptionPvk: 'KEY-THREE', privateKeyPem: 'KEY-FOUR' },
      },
      'request',
    );
    const text = lines.join('\n');
    expect(text).to.not.match(/KEY-(ONE|TWO|THREE|FOUR)/);
    expect(text).to.include('[redacted]').and.include('CERT-PUBLIC');
  });
});
