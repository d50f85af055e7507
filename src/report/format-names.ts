/** The report formats, by name: in a module of their own so that parsing the command line loads no formatter. */
export const FORMATS = ['stylish', 'json', 'sarif', 'github', 'markdown', 'junit'] as const;
export type FormatName = (typeof FORMATS)[number];
