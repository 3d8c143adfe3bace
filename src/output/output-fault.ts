import { UserError, ValidationError } from '../errors.js';

/** Why a folder cannot take files, and what the user can do about it, by error code. */
const FAULTS: Record<string, { reason: string; fix: (folder: string) => string }> = {
  ENOSPC: { reason: 'the disk is full', fix: () => 'Free some space, or choose another folder with --out, then run the same command again.' },
  EDQUOT: { reason: 'the disk quota is used up', fix: () => 'Free some space, or choose another folder with --out, then run the same command again.' },
  EROFS: { reason: 'the folder is on a read-only file system', fix: () => 'Choose a writable folder with --out.' },
  EACCES: { reason: 'permission denied', fix: (folder) => `Make the folder writable (chmod u+w '${folder}'), or choose another folder with --out.` },
  EPERM: { reason: 'permission denied', fix: (folder) => `Make the folder writable (chmod u+w '${folder}'), or choose another folder with --out.` },
  ENAMETOOLONG: {
    reason: 'the path is too long for this system (a folder or file name over 255 bytes, or a whole path over some 4,000)',
    fix: () => 'Choose a folder with a shorter path with --out.',
  },
  EMFILE: {
    reason: "too many files are open at once (this process's limit of open files, ulimit -n, is reached)",
    fix: () => 'Raise the limit (ulimit -n 4096) or run with fewer --jobs, then run the same command again.',
  },
  ENFILE: {
    reason: 'too many files are open at once on this system',
    fix: () => 'Close some programs, or run with fewer --jobs, then run the same command again.',
  },
  ELOOP: {
    reason: 'a symbolic link on the way leads back to itself (a loop of symbolic links)',
    fix: () => 'Remove the loop, or choose another folder with --out.',
  },
};

/** A path shown in a message: a path some thousands of characters long is cut in its middle. */
export function shownPath(path: string): string {
  return path.length > 160 ? `${path.slice(0, 80)}...${path.slice(-60)}` : path;
}

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

/** Why a folder cannot take files (`the disk is full`), for an error with one of the codes above; else undefined. */
export function faultReason(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? FAULTS[code]?.reason : undefined;
}

/** `err` as an OutputFault naming `folder`, when it is one of the faults above; else undefined. */
export function outputFault(err: unknown, folder: string): OutputFault | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const fault = code ? FAULTS[code] : undefined;
  if (!fault || !code) return undefined;
  return new OutputFault(`cannot write into ${shownPath(folder)}: ${fault.reason}. ${fault.fix(folder)}`, code, folder);
}

export function isOutputFault(err: unknown): err is OutputFault {
  return err instanceof OutputFault;
}

/**
 * Too many files open (EMFILE, ENFILE), met anywhere: reading a template, starting a thread ("Worker
 * initialization failure: EMFILE", which gives the code only in its message), as well as writing. It is
 * the process's or the system's limit, neither one letter's fault nor a bug, which it was reported as.
 */
export function tooManyFilesOpen(err: unknown): UserError | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  // The message only of an error of the system's: a user's text quoted in a problem ("unknown key
  // `EMFILE`") is not the limit met.
  const typed = err instanceof UserError || err instanceof ValidationError;
  const which =
    code === 'EMFILE' || code === 'ENFILE' ? code : typed ? undefined : /\bE[MN]FILE\b/.exec(String((err as Error | undefined)?.message ?? ''))?.[0];
  const fault = which ? FAULTS[which] : undefined;
  return fault ? new UserError(`${fault.reason}. ${fault.fix('')}`) : undefined;
}
