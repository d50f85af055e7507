import { createHash } from '../../../../io/hash';
import { SymbolicText, Unknown, type Value } from '../../../../model/unknown';
import { hashSymbol } from '../symbols';
import { fail } from '../errors';
import { expectString, textArguments } from '../values';
import { murmurHash64 } from './murmur';
import { ANY, fixed, type FunctionTable } from './spec';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const GUID_NAMESPACE = Buffer.from('11fb06fb712d4ddd98c7e71bbd588830', 'hex');

function hasSymbol(args: readonly Value[]): boolean {
  return args.some((arg) => arg instanceof SymbolicText);
}

function joinedArguments(args: readonly unknown[]): string {
  return args.map((arg, i) => expectString(arg as never, `argument ${i + 1}`)).join('-');
}

/** ARM `uniqueString`: MurmurHash64 of the dash-joined arguments, 13 base32 characters from the top bits. */
export function uniqueString(...parts: string[]): string {
  let hash = murmurHash64(Buffer.from(parts.join('-'), 'utf8'));
  let out = '';
  for (let i = 0; i < 13; i++) {
    out += BASE32[Number(hash >> 59n)];
    hash = (hash << 5n) & 0xffffffffffffffffn;
  }
  return out;
}

/** ARM `guid`: UUID version 5 (SHA-1) in ARM's fixed namespace over the dash-joined arguments. */
export function deterministicGuid(...parts: string[]): string {
  const digest = createHash('sha1').update(GUID_NAMESPACE).update(Buffer.from(parts.join('-'), 'utf8')).digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const HASH_FUNCTIONS: FunctionTable = {
  uniquestring: {
    minArgs: 1,
    maxArgs: ANY,
    carriesSymbols: true,
    call: (args) => {
      if (hasSymbol(args)) return hashSymbol('uniqueString', textArguments(args));
      const joined = joinedArguments(args);
      if (joined.length > 131072) fail('arguments are too long');
      return uniqueString(joined);
    },
  },
  guid: {
    minArgs: 1,
    maxArgs: ANY,
    carriesSymbols: true,
    call: (args) => (hasSymbol(args) ? hashSymbol('guid', textArguments(args)) : deterministicGuid(joinedArguments(args))),
  },
  newguid: fixed(0, () => new Unknown('newGuid() is only known at deployment time', undefined, 'deploy-time-input')),
};
