/**
 * Items [offset, offset + limit) of an async sequence, and whether more follow. For short lists
 * (workspaces, projects, a group's members) read in Rally order: skipping costs a walk from the
 * start, but nothing beyond the page (and one item) is kept in memory.
 */
export async function pageOf<T>(
  items: AsyncIterable<T>,
  offset: number,
  limit: number,
): Promise<{ items: T[]; more: boolean }> {
  const page: T[] = [];
  let index = 0;
  for await (const item of items) {
    if (index++ < offset) continue;
    if (page.length === limit) return { items: page, more: true };
    page.push(item);
  }
  return { items: page, more: false };
}
