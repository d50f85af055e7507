import type { Node } from 'yaml';

export interface SourcePosition {
  line: number;
  column: number;
}

/** A YAML (or JSON) document with the positions of its nodes, for error messages that name a line. */
export interface PositionedDocument {
  value: unknown;
  /** Position of the node at an ajv-style instance path (`/rules/BL201`), or of its deepest existing ancestor. */
  positionOf(instancePath: string): SourcePosition;
}

export class YamlSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: SourcePosition,
  ) {
    super(message);
  }
}

/** `yaml` is loaded only when there is a configuration file to read: runs without one start faster. */
export function parseYamlDocument(text: string): PositionedDocument {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { isMap, isScalar, isSeq, LineCounter, parseDocument } = require('yaml') as typeof import('yaml');
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const error = document.errors[0];
  if (error) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    throw new YamlSyntaxError(error.message.split('\n')[0] ?? 'invalid YAML', { line, column: col });
  }
  const toPosition = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return {
    value: document.toJS({ maxAliasCount: 100 }),
    positionOf(instancePath: string): SourcePosition {
      let node: unknown = document.contents;
      let position = toPosition(document.contents?.range?.[0] ?? 0);
      for (const segment of instancePath.split('/').slice(1).map(decodeSegment)) {
        if (isMap(node)) {
          const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
          if (!pair) break;
          const keyNode = pair.key as Node;
          if (keyNode.range) position = toPosition(keyNode.range[0]);
          node = pair.value;
        } else if (isSeq(node)) {
          const item = node.items[Number(segment)] as Node | undefined;
          if (!item) break;
          if (item.range) position = toPosition(item.range[0]);
          node = item;
        } else {
          break;
        }
      }
      return position;
    },
  };
}

function decodeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
