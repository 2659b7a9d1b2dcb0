import type { IdpSummary } from '../metadata/idp-config.js';
import type { SamlReport } from '../report/model.js';
import { renderReportHtml } from '../report/html.js';
import type { ServiceProvider } from '../sp/service-provider.js';
import { html, type SafeHtml } from './escape.js';
import { layout } from './layout.js';

export interface SetupPageModel {
  readonly base: string;
  readonly sp: ServiceProvider;
  readonly idp?: IdpSummary;
  readonly report?: { readonly title: string; readonly report: SamlReport };
  readonly error?: { readonly message: string; readonly details?: readonly string[] };
  readonly notice?: string;
  /**
   * The admin signed in to the console (docs/auth.md): named with a sign-out link, and the
   * session's CSRF token goes into the metadata form.
   */
  readonly session?: { readonly user: string; readonly csrfToken: string };
  /** Values to put back in the paste form (never the SAMLResponse itself). */
  readonly form?: { readonly spEntityId?: string; readonly acsUrl?: string; readonly at?: string };
}

/** GET /saml: what to paste into Okta, the metadata form, test sign-in, the paste box, a report. */
export function renderSetupPage(m: SetupPageModel): string {
  const body = html`<h1>Rally SSO with Okta: SAML setup helper</h1>
    ${
      m.session
        ? html`<p class="hint" id="signed-in">
            Signed in as ${m.session.user} · <a href="/auth/logout">Sign out</a>
          </p>`
        : ''
    }
    ${
      m.error
        ? html`<section class="error" role="alert">
            <h2>That did not work</h2>
            <p>${m.error.message}</p>
            ${
              m.error.details?.length
                ? html`<ul>
                    ${m.error.details.map((d) => html`<li>${d}</li>`)}
                  </ul>`
                : ''
            }
          </section>`
        : ''
    }
    ${m.notice ? html`<section class="notice" role="status"><p>${m.notice}</p></section>` : ''}
    ${
      m.report
        ? html`<h2>${m.report.title}</h2>
            ${renderReportHtml(m.report.report)}`
        : ''
    }
    ${spValues(m.sp)} ${idpSection(m)} ${testSignIn(m)} ${pasteBox(m)}`;
  return layout({ title: 'Rally SSO (Okta SAML) setup helper', base: m.base, body });
}

/** POST /saml/acs: the result of a test sign-in. */
export function renderResultPage(m: { base: string; report: SamlReport }): string {
  const body = html`<h1>Test sign-in result</h1>
    ${renderReportHtml(m.report)}
    <p><a class="button" href="${m.base}">Back to the setup helper</a></p>`;
  return layout({
    title: `SAML test sign-in: ${m.report.valid ? 'valid' : 'not valid'}`,
    base: m.base,
    body,
  });
}

function copyable(id: string, label: string, value: string): SafeHtml {
  return html`<dt><label for="${id}">${label}</label></dt>
    <dd>
      <input type="text" id="${id}" value="${value}" readonly /><button
        type="button"
        class="copy"
        data-copy="${id}"
        hidden
      >
        Copy
      </button>
    </dd>`;
}

function spValues(sp: ServiceProvider): SafeHtml {
  return html`<section aria-labelledby="sp-title">
    <h2 id="sp-title">1. Enter these values in the Okta SAML app</h2>
    <p class="hint">
      Okta Admin Console → Applications → your SAML 2.0 app → General → SAML Settings. These are this helper's
      test SP; for Rally itself use the values Broadcom gives you.
    </p>
    <dl class="values">
      ${copyable('sp-acs', 'Single sign-on URL', sp.acsUrl)}
      ${copyable('sp-entity-id', 'Audience URI (SP Entity ID)', sp.entityId)}
      ${copyable('sp-nameid-format', 'Name ID format', 'EmailAddress')}
      ${copyable('sp-username', 'Application username', 'Email')}
      <dt>Attribute Statements</dt>
      <dd><code>firstName = user.firstName, lastName = user.lastName, email = user.email</code></dd>
      <dt>Advanced settings</dt>
      <dd>
        Response: Signed · Assertion Signature: Signed · Signature Algorithm: RSA-SHA256 · Digest Algorithm:
        SHA256
      </dd>
      <dt>SP metadata</dt>
      <dd><a href="${sp.metadataUrl}">${sp.metadataUrl}</a></dd>
    </dl>
    <p class="hint">Keep “Use this for Recipient URL and Destination URL” checked.</p>
  </section>`;
}

function idpSection(m: SetupPageModel): SafeHtml {
  return html`<section aria-labelledby="idp-title">
    <h2 id="idp-title">2. Load the Okta app's IdP metadata</h2>
    ${m.idp ? idpSummary(m.idp) : html`<p>No IdP loaded yet.</p>`}
    <form method="post" action="${m.base}/idp">
      ${m.session ? html`<input type="hidden" name="_csrf" value="${m.session.csrfToken}" />` : ''}
      <label for="metadata-url">Metadata URL</label>
      <input
        type="url"
        id="metadata-url"
        name="metadataUrl"
        placeholder="https://your-org.okta.com/app/exk…/sso/saml/metadata"
      />
      <label for="metadata-xml">…or the metadata XML</label>
      <textarea id="metadata-xml" name="metadataXml" spellcheck="false"></textarea>
      <button type="submit">Load metadata</button>
    </form>
  </section>`;
}

function idpSummary(idp: IdpSummary): SafeHtml {
  return html`<dl class="subject" id="idp-summary">
      <dt>Entity ID (Issuer)</dt>
      <dd><code>${idp.entityId ?? '(unknown)'}</code></dd>
      <dt>Sign-on URL</dt>
      <dd><code>${idp.ssoUrl ?? '(none)'}</code></dd>
      <dt>NameID formats</dt>
      <dd>${idp.nameIdFormats.join(', ') || '(not listed)'}</dd>
      ${idp.certificates.map(
        (c) =>
          html`<dt>Signing certificate</dt>
            <dd>
              ${c.subject}<br /><small
                >SHA-256 ${c.sha256Fingerprint}<br />valid ${c.notBefore} to ${c.notAfter} (${c.daysToExpiry}
                days left)</small
              >
            </dd>`,
      )}
    </dl>
    ${
      idp.warnings.length
        ? html`<ul class="warnings">
            ${idp.warnings.map((w) => html`<li>${w}</li>`)}
          </ul>`
        : ''
    }`;
}

function testSignIn(m: SetupPageModel): SafeHtml {
  return html`<section aria-labelledby="login-title">
    <h2 id="login-title">3. Test sign-in</h2>
    ${
      !m.idp
        ? html`<p>Load the IdP metadata first.</p>`
        : m.idp.ssoUrl === null
          ? html`<p id="no-sso">
              The loaded metadata has no SingleSignOnService, so a test sign-in cannot start here. Sign in
              from the Okta dashboard tile instead, or load the complete metadata.
            </p>`
          : html`<p>Signs in at Okta with an assigned user and comes back here with a report.</p>
              <p><a class="button" id="test-sign-in" href="${m.base}/login">Test sign-in</a></p>`
    }
  </section>`;
}

function pasteBox(m: SetupPageModel): SafeHtml {
  return html`<section aria-labelledby="paste-title">
    <h2 id="paste-title">4. Check a captured SAMLResponse</h2>
    <p class="hint">
      Capture the POST to the ACS with a browser tracer (for example SAML-tracer) while signing in to Rally,
      and paste its SAMLResponse value. It is checked against the loaded IdP and not stored.
    </p>
    <form method="post" action="${m.base}/validate">
      <label for="saml-response">SAMLResponse</label>
      <textarea id="saml-response" name="samlResponse" required spellcheck="false"></textarea>
      <label for="paste-entity-id">SP entity ID (Audience)</label>
      <input
        type="text"
        id="paste-entity-id"
        name="spEntityId"
        value="${m.form?.spEntityId ?? ''}"
        placeholder="${m.sp.entityId}"
      />
      <label for="paste-acs">ACS URL (Destination and Recipient)</label>
      <input
        type="text"
        id="paste-acs"
        name="acsUrl"
        value="${m.form?.acsUrl ?? ''}"
        placeholder="${m.sp.acsUrl}"
      />
      <label for="paste-at">Evaluate at (ISO time, optional)</label>
      <input type="text" id="paste-at" name="at" value="${m.form?.at ?? ''}" placeholder="now" />
      <button type="submit">Check response</button>
    </form>
  </section>`;
}
