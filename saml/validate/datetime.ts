/** xs:dateTime as SAML uses it (core §1.3.3): UTC, though some IdPs write +00:00 or no zone. */
const XS_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

export type ParsedInstant = { ok: true; date: Date } | { ok: false; reason: string };

export function parseInstant(name: string, value: string): ParsedInstant {
  const v = value.trim();
  const ms = XS_DATETIME.test(v) ? Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(v) ? v : `${v}Z`) : NaN;
  if (Number.isNaN(ms)) return { ok: false, reason: `${name} "${v}" is not a valid xs:dateTime.` };
  return { ok: true, date: new Date(ms) };
}

/** "42 s", "4 min 45 s", "3 h 5 min", "12 days": how far apart two instants are, for people. */
export function formatDuration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${Math.abs(ms) < 1000 && ms !== 0 ? (Math.abs(ms) / 1000).toFixed(1) : s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  if (s < 86_400 * 2)
    return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
  return `${Math.floor(s / 86_400)} days`;
}
