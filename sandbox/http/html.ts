import { STATUS_CODES } from 'node:http';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Rally's servlet container answers authentication failures with a Jetty HTML page, not JSON. */
export function jettyErrorPage(status: number, reason: string, path: string): string {
  return [
    '<html>',
    '<head>',
    '<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>',
    `<title>Error ${status} ${escapeHtml(reason)}</title>`,
    '</head>',
    `<body><h2>HTTP ERROR ${status}</h2>`,
    `<p>Problem accessing ${escapeHtml(path)}. Reason:`,
    `<pre>    ${escapeHtml(reason)}</pre></p><hr><a href="http://eclipse.org/jetty">Powered by Jetty://</a><hr/>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** What a proxy in front of Rally sends when it gives up: nginx HTML, or Cloudflare's plain 524 text. */
export function proxyErrorBody(status: number): { contentType: string; body: string } {
  const reason = status === 503 ? 'Service Temporarily Unavailable' : (STATUS_CODES[status] ?? 'Error');
  if (status === 524) return { contentType: 'text/plain; charset=utf-8', body: 'error code: 524' };
  if (status >= 500 || status === 429) {
    const title = `${status} ${reason}`;
    return {
      contentType: 'text/html; charset=utf-8',
      body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
    };
  }
  return { contentType: 'text/plain; charset=utf-8', body: `${status} ${reason}` };
}
