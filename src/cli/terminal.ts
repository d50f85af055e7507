import type { Io } from './main';
import { colorEnabled, makeColors, type Colors } from '../report/color';

/** Colours for what goes to this run's stdout (TTY, NO_COLOR, FORCE_COLOR, --no-color). */
export const terminalColors = (io: Io, noColor: boolean): Colors => makeColors(colorEnabled(io.stdout, noColor, io.env));
