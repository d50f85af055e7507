import { asString } from '../read';
import type { RawResource } from '../../resource';
import { isObject, isUnknown, unknown, type Maybe, type Value } from '../../unknown';

/** ID of the parent resource: the resource ID minus its last type/name pair. */
export function parentId(raw: RawResource): Maybe<string | null> {
  return ancestorId(raw, 1);
}

export function ancestorId(raw: RawResource, levels: number): Maybe<string | null> {
  if (isUnknown(raw.id)) return raw.id;
  const segments = raw.id.split('/');
  if (segments.length < 2 * levels + 3) return unknown(`no parent in resource ID ${raw.id}`);
  return segments.slice(0, segments.length - 2 * levels).join('/');
}

export function idOf(entry: Value): Maybe<string | null> {
  if (isUnknown(entry)) return entry;
  if (isObject(entry)) return asString(entry['id']);
  return null;
}

export function lastSegment(name: Maybe<string>): Maybe<string> {
  return isUnknown(name) ? name : name.slice(name.lastIndexOf('/') + 1);
}
