/**
 * Where something came from. JSON sources carry a JSON pointer and get their line/column resolved lazily,
 * only when a finding needs them (see formats/json/positions). HCL sources know line/column at parse time.
 */
export interface SourceRef {
  /** Path as given to the run, `/`-separated, relative to the working directory. */
  file: string;
  /** RFC 6901 JSON pointer into the file (ARM, Bicep JSON, plan JSON). */
  pointer?: string;
  /** 1-based; present when already known (HCL), filled by resolution otherwise. */
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** HCL: block path such as `resource.azurerm_linux_virtual_machine.app.os_profile`. */
  blockPath?: string;
  /**
   * The property as written in its file (`provisionVMAgent` in ARM, `provision_vm_agent` in Terraform), when the
   * reference is to a declared value; policy messages name it through the `source()` helper.
   */
  property?: string;
}

/**
 * `{ ...at, ...more }`, built so that all such objects share one hidden class. An object that starts with a spread
 * gets a hidden class of its own once V8's transitions from `{}` are full, which the parsed templates soon make them:
 * thousands of locations then cost a class each.
 */
export function withFields(at: SourceRef, more: Partial<SourceRef>): SourceRef {
  return Object.assign({ file: at.file }, at, more);
}

/**
 * `withFields(at, { property })`. A JSON location (a file and a pointer, the most common by far: every field of every
 * node has one) becomes one literal with room for its three fields; fields added to a smaller object would be kept in
 * a second, out-of-object store, half as large again.
 */
export function withProperty(at: SourceRef, property: string): SourceRef {
  const keys = Object.keys(at);
  if (keys.length === 2 && keys[0] === 'file' && keys[1] === 'pointer') return { file: at.file, pointer: at.pointer, property };
  return withFields(at, { property });
}

/** The syntax a location's file is written in: Terraform's native syntax (`.tf`), else JSON. */
export function syntaxOf(ref: SourceRef): 'hcl' | 'json' {
  return ref.file.endsWith('.tf') ? 'hcl' : 'json';
}

/** A resolved location, as reported. */
export interface Location {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function escapePointerSegment(segment: string | number): string {
  if (typeof segment === 'number') return String(segment);
  if (segment.indexOf('~') < 0 && segment.indexOf('/') < 0) return segment;
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerOf(segments: readonly (string | number)[]): string {
  // join() makes one flat string; `+=` would keep a tree of parts alive in every location that holds the pointer.
  return segments.map((segment) => '/' + escapePointerSegment(segment)).join('');
}

export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
