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

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const NIBBLE = '0123456789abcdef';
const VARIANT = '89ab';

const hex32 = (w: number) => HEX[w >>> 24]! + HEX[(w >>> 16) & 255]! + HEX[(w >>> 8) & 255]! + HEX[w & 255]!;

// The salt and the high word of an ObjectID change rarely between calls: their mixes are kept.
let saltOf = NaN;
const saltMix = [0, 0, 0, 0];
let highOf = NaN;
const highMix = [0, 0, 0, 0];

/**
 * ObjectUUID derived from (salt, ObjectID) instead of stored: deterministic per seed and costs no memory
 * per record. Shaped as a version-4 UUID. Every serialised object and reference carries one, so it is
 * built from byte tables rather than number-to-string conversions.
 */
export function uuidFor(salt: number, oid: number): string {
  const lo = oid >>> 0;
  const hi = Math.floor(oid / 4294967296) >>> 0;
  if (salt !== saltOf) {
    for (let i = 0; i < 4; i++) saltMix[i] = fmix32(salt ^ Math.imul(i + 1, 0x9e3779b9));
    saltOf = salt;
  }
  if (hi !== highOf) {
    for (let i = 0; i < 4; i++) highMix[i] = fmix32(hi + i + 1);
    highOf = hi;
  }
  const w0 = fmix32(saltMix[0]! ^ lo ^ highMix[0]!);
  const w1 = fmix32(saltMix[1]! ^ lo ^ highMix[1]!);
  const w2 = fmix32(saltMix[2]! ^ lo ^ highMix[2]!);
  const w3 = fmix32(saltMix[3]! ^ lo ^ highMix[3]!);
  return (
    `${hex32(w0)}-${HEX[w1 >>> 24]}${HEX[(w1 >>> 16) & 255]}-4${NIBBLE[(w1 >>> 8) & 15]}${HEX[w1 & 255]}-` +
    `${VARIANT[(w2 >>> 28) & 3]}${NIBBLE[(w2 >>> 24) & 15]}${HEX[(w2 >>> 16) & 255]}-` +
    `${HEX[(w2 >>> 8) & 255]}${HEX[w2 & 255]}${hex32(w3)}`
  );
}
