import { html, type SafeHtml } from './escape.js';

/** The page shell; assets are external files so a strict CSP (no inline script or style) holds. */
export function layout(opts: { title: string; base: string; body: SafeHtml }): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${opts.title}</title>
        <link rel="stylesheet" href="${opts.base}/assets/saml.css" />
        <script src="${opts.base}/assets/copy.js" defer></script>
      </head>
      <body>
        <main>${opts.body}</main>
      </body>
    </html> `.value;
}
