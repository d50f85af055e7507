import { ConfinedFiles } from '../io/confined-files';
import { JsonPositionIndex } from '../formats/json/positions';
import type { Location, SourceRef } from '../model/location';

/**
 * Turns SourceRefs into line/column locations. JSON files are re-read and indexed on first use, once per file:
 * only files with findings pay for positions.
 */
export class LocationResolver {
  private readonly indexes = new Map<string, JsonPositionIndex | null>();

  constructor(
    cwd: string,
    private readonly files: ConfinedFiles = new ConfinedFiles(cwd, cwd),
  ) {}

  resolve(ref: SourceRef): Location {
    if (ref.line !== undefined) {
      const column = ref.column ?? 1;
      return { file: ref.file, line: ref.line, column, endLine: ref.endLine ?? ref.line, endColumn: ref.endColumn ?? column };
    }
    const index = ref.pointer !== undefined ? this.indexFor(ref.file) : null;
    if (index && ref.pointer !== undefined) {
      try {
        return index.locate(ref.pointer);
      } catch {
        // A position that cannot be computed loses the line, not the finding (nor the other files' findings).
      }
    }
    return { file: ref.file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  }

  private indexFor(file: string): JsonPositionIndex | null {
    let index = this.indexes.get(file);
    if (index === undefined) {
      const text = this.files.readText(file);
      try {
        index = text === undefined ? null : new JsonPositionIndex(file, text);
      } catch {
        index = null;
      }
      this.indexes.set(file, index);
    }
    return index;
  }
}
