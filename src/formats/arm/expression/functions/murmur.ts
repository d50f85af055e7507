/**
 * Microsoft's 64-bit MurmurHash variant used by ARM `uniqueString()` (two 32-bit lanes; same code as
 * Kudu's HashHelper.MurmurHash64). Returns the hash as an unsigned 64-bit bigint.
 */
const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x561ccd1b;
const C4 = 0x0bcaa747;
const C5 = 0x85ebca6b;
const C6 = 0xc2b2ae35;

function rotl(value: number, bits: number): number {
  return ((value << bits) | (value >>> (32 - bits))) >>> 0;
}

function fmix(h: number): number {
  h = (h ^ (h >>> 16)) >>> 0;
  h = Math.imul(h, C5) >>> 0;
  h = (h ^ (h >>> 13)) >>> 0;
  h = Math.imul(h, C6) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

function readLittleEndian(data: Uint8Array, offset: number, count: number): number {
  let value = 0;
  for (let i = count - 1; i >= 0; i--) value = (value << 8) | data[offset + i]!;
  return value >>> 0;
}

export function murmurHash64(data: Uint8Array, seed = 0): bigint {
  const length = data.length;
  let h1 = seed >>> 0;
  let h2 = seed >>> 0;
  let index = 0;
  while (index + 7 < length) {
    let k1 = readLittleEndian(data, index, 4);
    let k2 = readLittleEndian(data, index + 4, 4);
    k1 = Math.imul(rotl(Math.imul(k1, C1) >>> 0, 15), C2) >>> 0;
    h1 = rotl((h1 ^ k1) >>> 0, 19);
    h1 = (h1 + h2) >>> 0;
    h1 = (Math.imul(h1, 5) + C3) >>> 0;
    k2 = Math.imul(rotl(Math.imul(k2, C2) >>> 0, 17), C1) >>> 0;
    h2 = rotl((h2 ^ k2) >>> 0, 13);
    h2 = (h2 + h1) >>> 0;
    h2 = (Math.imul(h2, 5) + C4) >>> 0;
    index += 8;
  }
  const tail = length - index;
  if (tail > 0) {
    let k1 = readLittleEndian(data, index, Math.min(tail, 4));
    k1 = Math.imul(rotl(Math.imul(k1, C1) >>> 0, 15), C2) >>> 0;
    h1 = (h1 ^ k1) >>> 0;
    if (tail > 4) {
      let k2 = readLittleEndian(data, index + 4, tail - 4);
      k2 = Math.imul(rotl(Math.imul(k2, C2) >>> 0, 17), C1) >>> 0;
      h2 = (h2 ^ k2) >>> 0;
    }
  }
  h1 = (h1 ^ length) >>> 0;
  h2 = (h2 ^ length) >>> 0;
  h1 = (h1 + h2) >>> 0;
  h2 = (h2 + h1) >>> 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = (h1 + h2) >>> 0;
  h2 = (h2 + h1) >>> 0;
  return (BigInt(h2) << 32n) | BigInt(h1);
}
