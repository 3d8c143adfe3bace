// Why `letters send` could not write into its campaign folder, and what the user does about it.
import { faultReason } from '../output/output-fault.js';

/** The cause of a write that failed in the campaign folder `dir`, and the fix, as a sentence to go on from ("…, then"). */
export function sendFault(err: Error, dir: string): { reason: string; fix: string } {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const reason = faultReason(err) ?? err.message;
  if (code === 'ENOSPC' || code === 'EDQUOT') return { reason, fix: 'Free some space' };
  if (code === 'EACCES' || code === 'EPERM') return { reason, fix: `Make the folder writable (chmod u+w '${dir}')` };
  if (code === 'EMFILE' || code === 'ENFILE') return { reason, fix: 'Raise the limit of open files (ulimit -n 4096)' };
  if (code === 'EROFS') return { reason, fix: 'Make it writable (remount it, or copy the folder with its send log where it can be written)' };
  return { reason, fix: 'Put that right' };
}
