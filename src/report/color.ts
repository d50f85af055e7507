import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

/** Colour only for a TTY, unless NO_COLOR (non-empty) or --no-color turn it off, or FORCE_COLOR turns it on. */
export function colorEnabled(stream: { isTTY?: boolean }, noColorFlag: boolean, env: NodeJS.ProcessEnv): boolean {
  if (noColorFlag) return false;
  if (env['NO_COLOR']) return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return Boolean(stream.isTTY) && env['TERM'] !== 'dumb';
}

export function makeColors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}
