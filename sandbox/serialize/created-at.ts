const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `_CreatedAt` is human text (reference: Object metadata): "today at 3:04 pm" or "Mar 4, 2016" (UTC). */
export function createdAtText(created: number, now: number): string {
  const date = new Date(created);
  // Same UTC day: whole days since the epoch compare without formatting two dates per object.
  if (Math.floor(created / DAY_MS) === Math.floor(now / DAY_MS)) {
    const hours = date.getUTCHours();
    const minutes = String(date.getUTCMinutes()).padStart(2, '0');
    return `today at ${hours % 12 || 12}:${minutes} ${hours < 12 ? 'am' : 'pm'}`;
  }
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
}
