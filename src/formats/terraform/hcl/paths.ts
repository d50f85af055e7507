/** `/`-separated relative path arithmetic, as used for the run's paths (never touches the file system). */

export function joinPath(...parts: string[]): string {
  return normalizePath(parts.filter((p) => p !== '' && p !== '.').join('/'));
}

export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(segment);
  }
  const joined = out.join('/');
  return absolute ? '/' + joined : joined === '' ? '.' : joined;
}

export function isLocalModuleSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
