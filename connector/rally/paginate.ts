import type { QueryPage } from './envelope.js';

export type PageFetcher<T> = (start: number, pageSize: number) => Promise<QueryPage<T>>;

/**
 * Walks a WSAPI query to its end, fetching up to `readAhead` pages at once and yielding records in
 * query order. Memory holds at most `readAhead` pages, however large the result; concurrency is
 * further capped per credential by the transport's limiter. Relies on a stable `order` (ending in
 * ObjectID) in the fetcher so pages neither overlap nor leave gaps.
 */
export async function* paginate<T>(
  fetchPage: PageFetcher<T>,
  opts: { pageSize: number; readAhead: number; maxItems?: number },
): AsyncGenerator<T, void, undefined> {
  // A reader that needs only the first `maxItems` (a page of a cursor listing) must not start
  // read-ahead fetches past them: their pages would be thrown away, holding concurrency slots.
  const pageSize = Math.min(opts.pageSize, Math.max(1, opts.maxItems ?? opts.pageSize));
  const first = await fetchPage(1, pageSize);
  yield* first.results;
  const total = Math.min(first.total, opts.maxItems ?? Number.POSITIVE_INFINITY);
  const starts: number[] = [];
  for (let s = 1 + pageSize; s <= total; s += pageSize) starts.push(s);

  const inFlight: Array<Promise<QueryPage<T>>> = [];
  let next = 0;
  const fill = () => {
    while (inFlight.length < Math.max(1, opts.readAhead) && next < starts.length) {
      const p = fetchPage(starts[next++]!, pageSize);
      // Pages abandoned by an early `break` must not surface as unhandled rejections.
      p.catch(() => undefined);
      inFlight.push(p);
    }
  };
  fill();
  while (inFlight.length > 0) {
    const page = await inFlight.shift()!;
    fill();
    yield* page.results;
  }
}
