import { html } from './escape.js';
import { layout } from './layout.js';

/**
 * The AuthnRequest for an IdP that only offers the HTTP-POST binding: a form the admin submits
 * (no script, so the page keeps a strict CSP; the route widens form-action to the IdP's origin).
 */
export function renderPostBindingPage(m: {
  base: string;
  url: string;
  fields: Readonly<Record<string, string>>;
}): string {
  const body = html`<h1>Continue to your IdP</h1>
    <section>
      <p>
        This IdP accepts sign-in requests by HTTP-POST only. Continue to sign in at
        <code>${new URL(m.url).host}</code>.
      </p>
      <form method="post" action="${m.url}">
        ${Object.entries(m.fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
        <button type="submit" id="continue">Continue to sign in</button>
      </form>
    </section>`;
  return layout({ title: 'Continue to your IdP', base: m.base, body });
}
