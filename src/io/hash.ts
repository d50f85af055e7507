import type { Hash } from 'node:crypto';

/**
 * node:crypto's createHash, with the module loaded on first use: loading it costs milliseconds of every start-up,
 * and many runs hash nothing (no finding to fingerprint, no uniqueString to evaluate).
 */
export function createHash(algorithm: string): Hash {
  return (require('node:crypto') as typeof import('node:crypto')).createHash(algorithm);
}
