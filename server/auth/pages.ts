import type { Request, Response } from 'express';

/**
 * The sign-in pages (errors, the admin-group refusal, sign-out): plain server-rendered HTML with
 * one external stylesheet, so the CSP allows no inline script or style at all.
 */
export interface AuthPage {
  readonly title: string;
  readonly paragraphs: readonly string[];
  readonly list?: readonly string[];
  readonly links?: readonly { readonly href: string; readonly label: string }[];
  readonly form?: {
    readonly action: string;
    readonly fields: Readonly<Record<string, string>>;
    readonly button: string;
  };
  /** A failure gets role=alert so assistive technology announces it. */
  readonly failure?: boolean;
}

export const AUTH_CSS_PATH = '/auth/assets/auth.css';

export const AUTH_CSS = `body{margin:0;background:#f6f8fa;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;line-height:1.45;color:#1f2328}
main{max-width:40rem;margin:3rem auto;padding:1.25rem 1.5rem;background:#fff;border:1px solid #d0d7de;border-radius:8px}
main.failure{border-color:#cf222e}
h1{font-size:1.3rem;margin:0 0 1rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace}
a.button,button{display:inline-block;font:inherit;font-weight:600;padding:.45rem .9rem;border-radius:6px;border:1px solid #1f6feb;background:#1f6feb;color:#fff;text-decoration:none;cursor:pointer;margin:.6rem .6rem 0 0}
`;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const esc = (v: string) => v.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

export function renderAuthPage(p: AuthPage): string {
  const form = p.form
    ? `<form method="post" action="${esc(p.form.action)}">${Object.entries(p.form.fields)
        .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
        .join('')}<button type="submit">${esc(p.form.button)}</button></form>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(p.title)}</title>
<link rel="stylesheet" href="${AUTH_CSS_PATH}">
</head>
<body>
<main${p.failure ? ' class="failure" role="alert"' : ''}>
<h1>${esc(p.title)}</h1>
${p.paragraphs.map((t) => `<p>${esc(t)}</p>`).join('\n')}
${p.list?.length ? `<ul>${p.list.map((t) => `<li><code>${esc(t)}</code></li>`).join('')}</ul>` : ''}
${form}
${(p.links ?? []).map((l) => `<a class="button" href="${esc(l.href)}">${esc(l.label)}</a>`).join('\n')}
</main>
</body>
</html>
`;
}

/**
 * The pages' CSP. `formTargets` widens form-action for the sign-out form only: browsers apply
 * form-action to the redirect that follows a POST, and sign-out redirects to Okta.
 */
export function authPageCsp(formTargets: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    `form-action 'self'${formTargets.map((t) => ` ${t}`).join('')}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function sendAuthPage(res: Response, status: number, page: AuthPage, formTargets?: string[]): void {
  res
    .status(status)
    .set({ 'Content-Security-Policy': authPageCsp(formTargets), 'Cache-Control': 'no-store' })
    .type('html')
    .send(renderAuthPage(page));
}

/** Browsers ask for HTML first; API clients and scripts for JSON or anything. */
export function prefersHtml(req: Request): boolean {
  return req.headers.accept?.includes('html') === true && req.accepts(['json', 'html']) === 'html';
}
