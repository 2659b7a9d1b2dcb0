import type { CheckResult } from '../validate/check-ids.js';
import { countByStatus, type SamlReport } from './model.js';

const WIDTH = 22;

/** The report as plain text for the CLI: one line per check, details indented under failures. */
export function renderReportText(report: SamlReport): string {
  const counts = countByStatus(report);
  const lines = [
    `SAML response: ${report.valid ? 'VALID' : 'INVALID'} (${counts.fail} failed, ${counts.warn} warnings, ${counts.pass} passed, ${counts.skip} skipped)`,
    `Evaluated at ${report.evaluatedAt}${report.idpInitiated ? ' · IdP-initiated sign-in' : ''}`,
  ];
  if (report.subject.nameId !== null) {
    lines.push(
      `Subject: ${report.subject.nameId}${report.subject.nameIdFormat ? ` (${report.subject.nameIdFormat})` : ''}`,
    );
    for (const [name, values] of Object.entries(report.subject.attributes))
      lines.push(`  ${name} = ${values.join(', ')}`);
  }
  lines.push('');
  for (const check of report.checks) lines.push(...renderCheck(check));
  return `${lines.join('\n')}\n`;
}

function renderCheck(c: CheckResult): string[] {
  const out = [`${c.status.toUpperCase().padEnd(5)} ${c.id.padEnd(WIDTH)} ${c.message}`];
  const indent = ' '.repeat(6 + WIDTH + 1);
  if (c.status === 'fail' || c.status === 'warn') {
    if (c.expected !== undefined) out.push(`${indent}expected: ${c.expected}`);
    if (c.actual !== undefined) out.push(`${indent}actual:   ${c.actual}`);
    if (c.fix !== undefined) out.push(`${indent}fix:      ${c.fix}`);
  }
  return out;
}
