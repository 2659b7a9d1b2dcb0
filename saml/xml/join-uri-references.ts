/**
 * The join-URI-References function of C14N 1.1 §2.4: RFC 3986 §5.2 reference resolution, kept
 * working when the base is itself relative. Leading `..` segments of a relative result are kept
 * (there is nothing to remove them against), and a trailing `..` or `.` leaves a trailing slash.
 */
export function joinUriReferences(base: string, ref: string): string {
  if (ref === '') return base;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(ref)) return ref;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(base)) {
    try {
      return new URL(ref, base).href;
    } catch {
      return ref;
    }
  }
  if (ref.startsWith('/')) return removeDotSegments(ref);
  const dir = base.includes('/') ? base.slice(0, base.lastIndexOf('/') + 1) : '';
  return removeDotSegments(dir + ref);
}

function removeDotSegments(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  const segments = path.split('/');
  if (absolute) segments.shift();
  segments.forEach((s, i) => {
    const last = i === segments.length - 1;
    if (s === '.') {
      if (last) out.push('');
    } else if (s === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      if (last) out.push('');
    } else out.push(s);
  });
  return (absolute ? '/' : '') + out.join('/');
}
