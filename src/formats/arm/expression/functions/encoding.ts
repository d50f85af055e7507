import { fail } from '../errors';
import { isObject, type Value } from '../../../../model/unknown';
import { expectString, getMember, typeName } from '../values';
import { parseJsonFunction } from './object';
import { fixed, type FunctionTable } from './spec';

function decodeBase64(text: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text.replace(/\s/g, ''))) fail('input is not valid base64');
  return Buffer.from(text, 'base64').toString('utf8');
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ftp: 21, ws: 80, wss: 443 };

/** `parseUri`: the parts `buildUri` takes back; the port is the scheme's default when none is written (.NET `Uri.Port`). */
function parseUri(text: string): Value {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(`'${text}' is not an absolute URI`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  const port = url.port === '' ? (DEFAULT_PORTS[scheme] ?? null) : Number(url.port);
  return { scheme, host: url.hostname, port, path: url.pathname, query: url.search };
}

/** `buildUri({scheme, host, port?, path, query?})`; a null or default port is left out. */
function buildUri(components: Value): string {
  if (!isObject(components)) fail(`argument must be an object, got ${typeName(components)}`);
  const part = (name: string, required: boolean): Value => {
    const value = getMember(components, name);
    if (value === undefined || value === null) return required ? fail(`'${name}' is required`) : null;
    return value;
  };
  const scheme = expectString(part('scheme', true), 'scheme');
  const host = expectString(part('host', true), 'host');
  const path = expectString(part('path', true), 'path');
  const port = part('port', false);
  const query = part('query', false);
  if (port !== null && (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535)) fail('port must be an integer from 0 to 65535 or null');
  const queryText = query === null ? '' : expectString(query, 'query');
  const portText = port === null || port === DEFAULT_PORTS[scheme.toLowerCase()] ? '' : `:${port}`;
  const pathText = path.startsWith('/') || path === '' ? path : `/${path}`;
  const queryPart = queryText === '' || queryText.startsWith('?') ? queryText : `?${queryText}`;
  return `${scheme}://${host}${portText}${pathText}${queryPart}`;
}

const DATA_URI = /^data:([^,]*?)(;base64)?,(.*)$/s;

export const ENCODING_FUNCTIONS: FunctionTable = {
  base64: fixed(1, ([value]) => Buffer.from(expectString(value!, 'input'), 'utf8').toString('base64')),
  base64tostring: fixed(1, ([value]) => decodeBase64(expectString(value!, 'input'))),
  base64tojson: fixed(1, ([value]) => parseJsonFunction(decodeBase64(expectString(value!, 'input')))),
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
  parseuri: fixed(1, ([value]) => parseUri(expectString(value!, 'URI'))),
  builduri: fixed(1, ([components]) => buildUri(components!)),
  uri: fixed(2, ([base, relative]) => {
    try {
      return new URL(expectString(relative!, 'relative URI'), expectString(base!, 'base URI')).toString();
    } catch {
      return fail('cannot combine the URIs');
    }
  }),
};
