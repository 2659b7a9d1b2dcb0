/**
 * `fetch` (reference: Query parameters): absent or `false` = shallow refs, `true` = every attribute,
 * otherwise a comma list of attribute names (case-insensitive; unknown names silently ignored).
 */
export type Fetch =
  | { readonly mode: 'shallow' }
  | { readonly mode: 'all' }
  | { readonly mode: 'list'; readonly names: ReadonlySet<string> };

export const SHALLOW: Fetch = { mode: 'shallow' };
export const ALL: Fetch = { mode: 'all' };

export function parseFetch(param: string | undefined, fallback: Fetch): Fetch {
  if (param === undefined) return fallback;
  const trimmed = param.trim().toLowerCase();
  if (trimmed === 'true') return ALL;
  if (trimmed === 'false' || trimmed === '') return SHALLOW;
  return {
    mode: 'list',
    names: new Set(
      trimmed
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    ),
  };
}

export function fetches(fetch: Fetch, attribute: string): boolean {
  return fetch.mode === 'all' || (fetch.mode === 'list' && fetch.names.has(attribute.toLowerCase()));
}
