import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface TestKeyPair {
  readonly keyPem: string;
  readonly certPem: string;
}

const run = promisify(execFile);

/**
 * A fresh RSA key and self-signed certificate from the openssl CLI, shaped like an Okta app
 * signing certificate (O=Okta, OU=SSOProvider). `days` sets the validity from now.
 */
export async function makeTestCertificate(opts: {
  days: number;
  cn?: string;
  san?: string;
}): Promise<TestKeyPair> {
  const dir = await mkdtemp(join(tmpdir(), 'saml-test-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      String(opts.days),
      '-subj',
      `/O=Okta/OU=SSOProvider/CN=${opts.cn ?? 'test-idp'}`,
      ...(opts.san ? ['-addext', `subjectAltName=${opts.san}`] : []),
    ]);
    return { keyPem: await readFile(key, 'utf8'), certPem: await readFile(cert, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
