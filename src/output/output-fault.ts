import { UserError } from '../errors.js';

/** Why a folder cannot take files, and what the user can do about it, by error code. */
const FAULTS: Record<string, { reason: string; fix: (folder: string) => string }> = {
  ENOSPC: { reason: 'the disk is full', fix: () => 'Free some space, or choose another folder with --out, then run the same command again.' },
  EDQUOT: { reason: 'the disk quota is used up', fix: () => 'Free some space, or choose another folder with --out, then run the same command again.' },
  EROFS: { reason: 'the folder is on a read-only file system', fix: () => 'Choose a writable folder with --out.' },
  EACCES: { reason: 'permission denied', fix: (folder) => `Make the folder writable (chmod u+w '${folder}'), or choose another folder with --out.` },
  EPERM: { reason: 'permission denied', fix: (folder) => `Make the folder writable (chmod u+w '${folder}'), or choose another folder with --out.` },
};

/**
 * The output folder cannot take files at all (a full disk, a read-only file system, no permission):
 * not one letter's problem, so a batch stops handing out letters when it meets one.
 */
export class OutputFault extends UserError {
  constructor(
    message: string,
    readonly code: string,
    readonly folder: string,
  ) {
    super(message, folder);
  }
}

/** `err` as an OutputFault naming `folder`, when it is one of the faults above; else undefined. */
export function outputFault(err: unknown, folder: string): OutputFault | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const fault = code ? FAULTS[code] : undefined;
  if (!fault || !code) return undefined;
  return new OutputFault(`cannot write into ${folder}: ${fault.reason}. ${fault.fix(folder)}`, code, folder);
}

export function isOutputFault(err: unknown): err is OutputFault {
  return err instanceof OutputFault;
}
