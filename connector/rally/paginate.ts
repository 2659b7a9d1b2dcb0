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
  opts: { pageSize: number; readAhead: number },
): AsyncGenerator<T, void, undefined> {
  const first = await fetchPage(1, opts.pageSize);
  yield* first.results;
  const total = first.total;
  const starts: number[] = [];
  for (let s = 1 + opts.pageSize; s <= total; s += opts.pageSize) starts.push(s);

  const inFlight: Array<Promise<QueryPage<T>>> = [];
  let next = 0;
  const fill = () => {
    while (inFlight.length < Math.max(1, opts.readAhead) && next < starts.length) {
      const p = fetchPage(starts[next++]!, opts.pageSize);
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
