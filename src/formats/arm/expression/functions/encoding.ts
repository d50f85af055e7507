import { fail } from '../errors';
import { expectString } from '../values';
import { fixed, type FunctionTable } from './spec';

function decodeBase64(text: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text.replace(/\s/g, ''))) fail('input is not valid base64');
  return Buffer.from(text, 'base64').toString('utf8');
}

function parseJsonText(text: string) {
  try {
    return JSON.parse(text);
  } catch {
    return fail('input is not valid JSON');
  }
}

const DATA_URI = /^data:([^,]*?)(;base64)?,(.*)$/s;

export const ENCODING_FUNCTIONS: FunctionTable = {
  base64: fixed(1, ([value]) => Buffer.from(expectString(value!, 'input'), 'utf8').toString('base64')),
  base64tostring: fixed(1, ([value]) => decodeBase64(expectString(value!, 'input'))),
  base64tojson: fixed(1, ([value]) => parseJsonText(decodeBase64(expectString(value!, 'input')))),
  datauri: fixed(1, ([value]) => `data:text/plain;charset=utf8;base64,${Buffer.from(expectString(value!, 'input'), 'utf8').toString('base64')}`),
  datauritostring: fixed(1, ([value]) => {
    const match = DATA_URI.exec(expectString(value!, 'data URI'));
    if (!match) fail('input is not a data URI');
    return match[2] ? decodeBase64(match[3]!) : decodeURIComponent(match[3]!);
  }),
  uricomponent: fixed(1, ([value]) => encodeURIComponent(expectString(value!, 'input'))),
  uricomponenttostring: fixed(1, ([value]) => {
    try {
      return decodeURIComponent(expectString(value!, 'input'));
    } catch {
      return fail('input is not a valid URI component');
    }
  }),
  uri: fixed(2, ([base, relative]) => {
    try {
      return new URL(expectString(relative!, 'relative URI'), expectString(base!, 'base URI')).toString();
    } catch {
      return fail('cannot combine the URIs');
    }
  }),
};
