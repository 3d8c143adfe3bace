/**
 * The signal that stopped a run, as a message names it: an AbortSignal's reason is the signal's name
 * (`controller.abort('SIGTERM')`). SIGINT is nearly always Ctrl-C, so it is named so, with its name.
 */
export function stopName(reason: unknown): string {
  if (reason === 'SIGINT') return 'Ctrl-C (SIGINT)';
  return typeof reason === 'string' && /^SIG[A-Z0-9]+$/.test(reason) ? reason : 'a signal';
}
