import { html, type SafeHtml } from '../html/escape.js';
import type { CheckResult } from '../validate/check-ids.js';
import { countByStatus, type SamlReport } from './model.js';

const LABEL: Record<CheckResult['status'], string> = {
  pass: 'Pass',
  warn: 'Warning',
  fail: 'Fail',
  skip: 'Skipped',
};

/** The report as an HTML fragment: verdict, subject, then every check with expected/actual/fix. */
export function renderReportHtml(report: SamlReport): SafeHtml {
  const counts = countByStatus(report);
  return html`<section
    class="report ${report.valid ? 'report-valid' : 'report-invalid'}"
    aria-labelledby="report-title"
  >
    <h2 id="report-title">${report.valid ? 'The response is valid' : 'The response is not valid'}</h2>
    <p class="summary">
      ${counts.fail} failed · ${counts.warn} warnings · ${counts.pass} passed · ${counts.skip} skipped.
      Evaluated at
      ${report.evaluatedAt}${report.idpInitiated ? ' · IdP-initiated sign-in (Okta dashboard tile)' : ''}.
    </p>
    ${renderSubject(report)}
    <ol class="checks">
      ${report.checks.map(renderCheck)}
    </ol>
  </section>`;
}

function renderSubject(report: SamlReport): SafeHtml {
  const { nameId, nameIdFormat, attributes } = report.subject;
  if (nameId === null) return html`<p class="subject">No verified subject.</p>`;
  return html`<dl class="subject">
    <dt>NameID</dt>
    <dd><code>${nameId}</code>${nameIdFormat ? html` <small>${nameIdFormat}</small>` : ''}</dd>
    ${Object.entries(attributes).map(
      ([name, values]) =>
        html`<dt>${name}</dt>
          <dd>${values.join(', ')}</dd>`,
    )}
  </dl>`;
}

function renderCheck(c: CheckResult): SafeHtml {
  const details = c.status === 'fail' || c.status === 'warn' || c.expected !== undefined;
  return html`<li class="check check-${c.status}" id="check-${c.id}">
    <p>
      <span class="badge badge-${c.status}">${LABEL[c.status]}</span>
      <code class="check-id">${c.id}</code> ${c.message}
    </p>
    ${
      details
        ? html`<dl class="check-details">
            ${
              c.expected !== undefined
                ? html`<dt>Expected</dt>
                    <dd><code>${c.expected}</code></dd>`
                : ''
            }
            ${
              c.actual !== undefined
                ? html`<dt>Actual</dt>
                    <dd><code>${c.actual}</code></dd>`
                : ''
            }
            ${
              c.fix !== undefined && c.status !== 'pass'
                ? html`<dt>Fix</dt>
                    <dd class="fix">${c.fix}</dd>`
                : ''
            }
          </dl>`
        : ''
    }
  </li>`;
}
