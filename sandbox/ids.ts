import type { Prng } from './prng.js';

/** Hands out increasing 11-digit ObjectIDs, so ObjectID order is creation order. */
export interface OidAllocator {
  next(): number;
}

export function createOidAllocator(prng: Prng): OidAllocator {
  let current = 41_000_000_000 + prng.int(9_000_000) * 1000;
  return { next: () => (current += 1 + prng.int(64)) };
}

function fmix32(input: number): number {
  let h = input >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * ObjectUUID derived from (salt, ObjectID) instead of stored: deterministic per seed and costs no memory
 * per record. Shaped as a version-4 UUID.
 */
export function uuidFor(salt: number, oid: number): string {
  const lo = oid >>> 0;
  const hi = Math.floor(oid / 4294967296) >>> 0;
  let hex = '';
  for (let i = 1; i <= 4; i++) {
    const word = fmix32(fmix32(salt ^ Math.imul(i, 0x9e3779b9)) ^ lo ^ fmix32(hi + i));
    hex += word.toString(16).padStart(8, '0');
  }
  const variant = '89ab'[parseInt(hex[16]!, 16) & 3]!;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
