import {
  credentialId,
  type Query,
  type RallyApi,
  type RallyClient,
  type RallyCredential,
  type RallyUser,
} from '../rally/index.js';
import { createBlockCache } from './block-cache.js';

export interface UserFilter {
  /** Built with where/and/or only; the same string is part of the cache key. */
  readonly query?: Query;
}

export interface UserWindow {
  /** Rally's TotalResultCount for the query when the window's first block was read. */
  readonly total: number;
  readonly users: readonly RallyUser[];
}

export interface UserWindows {
  /** Users [offset, offset + limit) of the ObjectID-ordered query, as `cred` may see them. */
  window(
    cred: RallyCredential,
    filter: UserFilter,
    offset: number,
    limit: number,
    opts?: WindowOptions,
  ): Promise<UserWindow>;
  /** Blocks held now (in flight or fresh). */
  readonly blocks: number;
  clear(): void;
}

export interface WindowOptions {
  /**
   * A look ahead of the reader (who reads the users' permissions early), not the reader itself:
   * it neither starts a listing at offset 0 nor drops the blocks behind it.
   */
  readonly peek?: boolean;
}

export interface UserWindowsOptions {
  readonly client: RallyClient;
  /** Rally `pagesize` of one block. At most Rally's maximum page size, 2000 (KB 47778). */
  readonly blockSize?: number;
  /** Blocks fetched in parallel after each window, for the sequential reader's next pages. */
  readonly readAheadBlocks?: number;
  /** Lifetime of a fetched block. 0 turns caching and read-ahead off: every window asks Rally. */
  readonly ttlMs?: number;
  /** Blocks kept at most, all credentials together (least recently used first out). */
  readonly maxBlocks?: number;
  readonly now?: () => number;
  /** Told whether each block a reader needs was already read (ahead) or is fetched now (metrics). */
  readonly onLookup?: (hit: boolean) => void;
}

/**
 * Serves any window of a user listing — a Workflows cursor page, an Okta SCIM import page
 * (startIndex/count) — from large Rally pages ("blocks") and, after each window, fetches the
 * blocks that follow in parallel, so a reader walking the list one page after another finds its
 * next pages ready instead of paying Rally's latency for every page. Parallelism stays within the
 * client's per-credential cap (12, KB 95713) because every fetch goes through `client.as(cred)`.
 *
 * Isolation: a block is keyed by the credential's one-way id, the query and its index, so pages
 * read with one credential are never served to another (nor to a wrong password for the same user).
 *
 * Memory: a 2000-user block is about 2.5 MB. A reader's blocks two behind its window are dropped,
 * `maxBlocks` bounds all listings together and blocks expire `ttlMs` after they arrive, so a
 * listing of 20,000 users holds a handful of blocks, never the whole list.
 *
 * Consistency trade-off: a window at offset 0 starts a listing and drops that listing's cached
 * blocks, so every listing (and every existence check by userName) begins with what Rally has now.
 * Its later windows come from blocks read during the listing, up to `ttlMs` old, in ObjectID order:
 * a user created mid-scan (a new, higher ObjectID) appears at the end if its block is read after
 * the create and is missed otherwise; a field changed mid-scan may show its old value. A
 * deactivated user stays in an unfiltered listing, so offsets do not shift; with an `active`
 * filter a user that changes state mid-scan can shift later offsets by one (seen twice or skipped
 * once). The next listing sees everything. Import jobs tolerate this; Get User reads Rally directly.
 */
export function createUserWindows(opts: UserWindowsOptions): UserWindows {
  const blockSize = opts.blockSize ?? 2000;
  const readAhead = opts.readAheadBlocks ?? 4;
  const ttlMs = opts.ttlMs ?? 60_000;
  const now = opts.now ?? Date.now;
  if (!Number.isInteger(blockSize) || blockSize < 1 || blockSize > 2000) {
    throw new TypeError('blockSize must be an integer from 1 to 2000 (Rally’s maximum page size)');
  }
  const cache = createBlockCache<Block>({ ttlMs, maxEntries: Math.max(1, opts.maxBlocks ?? 16), now });

  function block(api: RallyApi, key: string, query: Query | undefined, index: number): Promise<Block> {
    return cache.get(`${key}\0${index}`, () => fetchBlock(api, query, index * blockSize, blockSize));
  }

  function prefetch(
    api: RallyApi,
    key: string,
    query: Query | undefined,
    after: number,
    total: number,
  ): void {
    for (let i = after + 1; i <= after + readAhead && i * blockSize < total; i++) {
      if (cache.has(`${key}\0${i}`)) continue;
      // Nobody awaits a read-ahead: a failure only means the reader fetches that block itself.
      block(api, key, query, i).catch(() => undefined);
    }
  }

  return {
    async window(cred, filter, offset, limit, o = {}) {
      const api = opts.client.as(cred);
      if (ttlMs <= 0) return fetchBlock(api, filter.query, offset, limit);
      const key = `${credentialId(cred)}\0${filter.query ?? ''}`;
      // A listing starts afresh: an existence check right after a create must see the new user.
      if (offset === 0 && !o.peek) cache.dropSettled(`${key}\0`);
      const first = Math.floor(offset / blockSize);
      const last = Math.floor((offset + Math.max(1, limit) - 1) / blockSize);
      opts.onLookup?.(cache.has(`${key}\0${first}`));
      const head = await block(api, key, filter.query, first);
      const indexes = [];
      for (let i = first + 1; i <= last && i * blockSize < head.total; i++) indexes.push(i);
      const rest = await Promise.all(indexes.map((i) => block(api, key, filter.query, i)));
      const lastRead = first + indexes.length;
      prefetch(api, key, filter.query, lastRead, head.total);
      // A sequential reader does not come back: the block before last goes, so one listing holds
      // about readAheadBlocks + 2 blocks, not the whole list. A retried page still finds its block.
      if (first >= 2 && !o.peek) cache.delete(`${key}\0${first - 2}`);
      const from = offset - first * blockSize;
      const users = (rest.length === 0 ? head.users : [head, ...rest].flatMap((b) => b.users)).slice(
        from,
        from + limit,
      );
      return { total: head.total, users };
    },
    get blocks() {
      return cache.size;
    },
    clear: () => cache.clear(),
  };
}

type Block = UserWindow;

/**
 * Users [offset, offset + size) in one Rally page; if Rally caps the page below the size asked
 * for, the rest is read with follow-up pages so a block never has a hole.
 */
async function fetchBlock(
  api: RallyApi,
  query: Query | undefined,
  offset: number,
  size: number,
): Promise<Block> {
  const users: RallyUser[] = [];
  for (;;) {
    const page = await api.queryUsers({
      ...(query && { query }),
      start: offset + users.length + 1,
      pageSize: size - users.length,
    });
    users.push(...page.results);
    const done = users.length >= size || offset + users.length >= page.total || page.results.length === 0;
    if (done) return { total: page.total, users };
  }
}
