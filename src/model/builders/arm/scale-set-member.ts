import { labelOf } from '../base';
import type { Path } from '../fields';
import { asString, valueAt } from '../read';
import type { NodeBase } from '../../domain';
import type { RawResource } from '../../resource';
import { concatText, isText } from '../../symbolic-text';
import { unknown } from '../../unknown';

/**
 * Gives a node built from a part of a scale set (`path`: a network interface configuration, a profile extension) its
 * own identity: ID `<scale set ID>/<collection>/<name>` (by position when the name cannot be evaluated, still unique
 * within the scale set), name `<scale set>/<name>`, and its declaration as location.
 */
export function placeInScaleSet(node: NodeBase, raw: RawResource, path: Path, collection: string): void {
  const name = asString(valueAt(raw, [...path, 'name']));
  const key = isText(name) ? name : `#${String(path[path.length - 1])}`;
  node.id = isText(raw.id) ? concatText([raw.id, `/${collection}/`, key]) : unknown('the scale set ID is not resolved');
  node.name = isText(raw.name) && isText(name) ? concatText([raw.name, '/', name]) : unknown(`${collection} entry name`);
  node.label = isText(node.name) ? labelOf(node.name, undefined) : `${raw.declaredName ?? node.label}/${typeof name === 'string' ? name : '?'}`;
  node.at = raw.locate(path);
}
