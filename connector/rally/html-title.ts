/**
 * Rally answers authentication failures and IP blocks with Jetty HTML pages. Their <title> is
 * Rally's own message ("Error 401 Full authentication is required to access this resource"), so
 * it is what we pass on; the rest of the page is dropped.
 */
export function htmlTitle(body: string): string | undefined {
  const m = /<title[^>]*>([\s\S]{0,500}?)<\/title>/i.exec(body);
  if (!m?.[1]) return undefined;
  const text = m[1]
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? undefined : text;
}
