/** Reason text without the specifics in quotes, so the same cause in different templates counts together. */
export function reasonKey(reason: string): string {
  return reason.replace(/'[^']*'/g, "'…'").replace(/\d+/g, 'N');
}
