import type { Document, LineCounter, Node } from 'yaml';

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

/** One step along an instance path: the node reached, and the map key it was reached by (none for a sequence item). */
export interface PathStep {
  key?: Node;
  node: unknown;
}

/** `yaml` is loaded only when there is a YAML file to read (configuration or user policy): runs without one start faster. */
function yamlModule(): typeof import('yaml') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yaml') as typeof import('yaml');
}

/**
 * A parsed YAML document that keeps its source positions: the shared base of the configuration file and of
 * policy files, which differ only in how they word and place their errors.
 */
export class YamlDocument {
  readonly document: Document;
  private readonly lines: LineCounter;

  constructor(readonly text: string) {
    const { LineCounter, parseDocument } = yamlModule();
    this.lines = new LineCounter();
    this.document = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
  }

  /** YAML syntax errors, each with the first line of its message. */
  syntaxErrors(): { position: SourcePosition; message: string }[] {
    return this.document.errors.map((error) => ({ position: this.position(error.pos[0]), message: error.message.split('\n')[0]! }));
  }

  toJS(): unknown {
    return this.document.toJS({ maxAliasCount: 100 });
  }

  position(offset: number): SourcePosition {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  /** Where a node starts (the document start for a node without a range). */
  startOf(node: unknown): SourcePosition {
    const range = (node as Node | null | undefined)?.range;
    return this.position(range ? range[0] : 0);
  }

  /** The nodes along a path of keys and indexes, as far as the path exists in the document. */
  walk(segments: readonly string[]): PathStep[] {
    const { isMap, isScalar, isSeq } = yamlModule();
    const steps: PathStep[] = [];
    let node: unknown = this.document.contents;
    for (const segment of segments) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
        if (!pair) break;
        node = pair.value;
        steps.push({ key: pair.key as Node, node });
      } else if (isSeq(node)) {
        const item: unknown = node.items[Number(segment)];
        if (item === undefined) break;
        node = item;
        steps.push({ node });
      } else break;
    }
    return steps;
  }
}

/** The segments of an ajv instance path (a JSON pointer: `/a/b~1c` → `a`, `b/c`). */
export function pathSegments(instancePath: string): string[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The configuration file: the first syntax error is thrown; positions are those of the keys along a path. */
export function parseYamlDocument(text: string): PositionedDocument {
  const source = new YamlDocument(text);
  const [error] = source.syntaxErrors();
  if (error) throw new YamlSyntaxError(error.message, error.position);
  return {
    value: source.toJS(),
    positionOf(instancePath: string): SourcePosition {
      const last = source.walk(pathSegments(instancePath)).at(-1);
      return source.startOf(last ? (last.key ?? last.node) : source.document.contents);
    },
  };
}
