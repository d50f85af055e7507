import { asString } from '../read';
import type { RawResource } from '../../resource';
import { displayOf, isText, joinText, splitText } from '../../symbolic-text';
import { isObject, isUnknown, unknown, type Maybe, type Value } from '../../unknown';

/** ID of the parent resource: the resource ID minus its last type/name pair. */
export function parentId(raw: RawResource): Maybe<string | null> {
  return ancestorId(raw, 1);
}

/** The resource ID minus its last `levels` type/name pairs; a symbolic ID gives a symbolic ancestor. */
export function ancestorId(raw: RawResource, levels: number): Maybe<string | null> {
  const id = raw.id;
  if (!isText(id)) return id;
  const segments = splitText(id, '/');
  if (segments.length < 2 * levels + 3) return unknown(`no parent in resource ID ${displayOf(id)}`);
  return joinText(segments.slice(0, segments.length - 2 * levels), '/');
}

export function idOf(entry: Value): Maybe<string | null> {
  if (isUnknown(entry)) return entry;
  if (isObject(entry)) return asString(entry['id']);
  return null;
}

export function lastSegment(name: Maybe<string>): Maybe<string> {
  if (!isText(name)) return name;
  const segments = splitText(name, '/');
  return segments[segments.length - 1]!;
}
