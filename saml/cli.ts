import { parseArgs } from 'node:util';
import { isSamlError } from './errors.js';
import { readCertificate } from './metadata/certificate.js';
import { validationIdp } from './metadata/idp-config.js';
import { parseIdpMetadata } from './metadata/parse-idp-metadata.js';
import { renderReportText } from './report/text.js';
import { parseInstant } from './validate/datetime.js';
import { validateSamlResponse } from './validate/index.js';
import type { ValidateOptions } from './validate/options.js';

export interface SamlCliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  readFile: (p: string) => Promise<string>;
  now: () => Date;
}

export const SAML_USAGE = `Usage: rally-okta saml validate --response FILE (--metadata FILE | --cert FILE) [options]

Validates a SAMLResponse (base64 as posted, or XML) and prints the report.

Options:
  --response FILE        the SAMLResponse (base64 or XML)
  --metadata FILE        the Okta app's IdP metadata XML
  --cert FILE            the IdP signing certificate (PEM) instead of metadata
  --idp-entity-id X      the expected Issuer when --cert is used
  --sp-entity-id X       the expected Audience (SP entity ID)
  --acs-url Y            the expected Destination and Recipient (ACS URL)
  --at ISO               evaluate time windows and certificates at this instant (default: now)
  --request-id ID        the AuthnRequest ID the response should answer
  --decryption-key FILE  the SP private key, for encrypted assertions
  --profile P            rally (default) or generic (SAML checks only)
  --json                 print the report as JSON

Exit status: 0 valid, 1 invalid, 2 usage error.`;

class UsageError extends Error {}

/** `rally-okta saml …`: argv is what follows `saml`. Returns the exit status. */
export async function runSamlCli(argv: string[], io: SamlCliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) return usage(io, 'Missing command.');
  if (command === 'help' || command === '--help' || command === '-h') {
    io.stdout.write(`${SAML_USAGE}\n`);
    return 0;
  }
  if (command !== 'validate') return usage(io, `Unknown saml command "${command}".`);
  try {
    const { responseText, options, json } = await readArguments(rest, io);
    const report = await validateSamlResponse(responseText, options);
    io.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : renderReportText(report));
    return report.valid ? 0 : 1;
  } catch (err) {
    if (err instanceof UsageError) return usage(io, err.message);
    if (isSamlError(err)) return usage(io, err.message);
    throw err;
  }
}

async function readArguments(args: string[], io: SamlCliIo) {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        response: { type: 'string' },
        metadata: { type: 'string' },
        cert: { type: 'string' },
        'idp-entity-id': { type: 'string' },
        'sp-entity-id': { type: 'string' },
        'acs-url': { type: 'string' },
        at: { type: 'string' },
        'request-id': { type: 'string' },
        'decryption-key': { type: 'string' },
        profile: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (!values.response) throw new UsageError('--response FILE is required.');
  if (!values.metadata === !values.cert)
    throw new UsageError('Give exactly one of --metadata FILE or --cert FILE.');
  if (values.profile !== undefined && values.profile !== 'rally' && values.profile !== 'generic') {
    throw new UsageError('--profile must be rally or generic.');
  }
  const now = io.now();
  let at = now;
  if (values.at !== undefined) {
    const parsed = parseInstant('--at', values.at);
    if (!parsed.ok) throw new UsageError(`${parsed.reason} Use an ISO time such as 2024-05-01T12:00:00Z.`);
    at = parsed.date;
  }
  const read = async (flag: string, file: string) => {
    try {
      return await io.readFile(file);
    } catch {
      throw new UsageError(`Cannot read ${flag} ${file}.`);
    }
  };
  const idp = values.metadata
    ? parseIdpMetadata(await read('--metadata', values.metadata))
    : {
        certificates: [readCertificate(await read('--cert', values.cert!))],
        ...(values['idp-entity-id'] !== undefined && { entityId: values['idp-entity-id'] }),
      };
  const options: ValidateOptions = {
    idp: validationIdp(idp),
    sp: {
      ...(values['sp-entity-id'] !== undefined && { entityId: values['sp-entity-id'] }),
      ...(values['acs-url'] !== undefined && { acsUrl: values['acs-url'] }),
    },
    at,
    now,
    ...(values.profile !== undefined && { profile: values.profile }),
    ...(values['request-id'] !== undefined && { requestId: values['request-id'] }),
    ...(values['decryption-key'] !== undefined && {
      decryptionKey: await read('--decryption-key', values['decryption-key']),
    }),
  };
  return { responseText: await read('--response', values.response), options, json: values.json };
}

function usage(io: SamlCliIo, message: string): number {
  io.stderr.write(`${message}\n\n${SAML_USAGE}\n`);
  return 2;
}
