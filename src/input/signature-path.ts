import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep, win32 } from 'node:path';
import { relativeInside } from '../path-inside.js';
import { findWorkspace } from './find-workspace.js';

export type SignaturePath = { ok: true; path: string } | { ok: false; reason: string; fix: string };

const FIX =
  'keep signature images inside the workspace (e.g. in senders/signatures/) and give the path relative to the sender file, e.g. signatures/jo-smith.png';

/**
 * Where an image named in a sender file really is, held to the sender's workspace (the folder holding
 * senders/, directory/ or templates/; see findWorkspace): sender files arrive by e-mail, and a path
 * such as /home/me/.ssh/id_rsa, ../../x or a link pointing out of the workspace must not pull a file
 * from elsewhere on the machine into a letter. The result is the real path, links resolved, so what is
 * checked is what is read.
 */
export function signaturePath(senderFile: string, written: string): SignaturePath {
  if (written.includes('\0')) return { ok: false, reason: 'the path holds a NUL character', fix: FIX };
  if (isAbsolute(written) || win32.isAbsolute(written) || written.startsWith('~')) {
    return { ok: false, reason: 'the path is absolute (or starts at a home folder)', fix: FIX };
  }
  // Found on Windows only: elsewhere `\` is a character of a file name.
  if (written.includes('\\')) {
    return {
      ok: false,
      reason: 'the path has `\\` between folders, which only Windows reads so',
      fix: `write \`/\`, e.g. ${written.replaceAll('\\', '/')}`,
    };
  }
  const workspace = findWorkspace(senderFile);
  const path = resolve(senderFile, '..', written);
  if (!inside(workspace, path)) return { ok: false, reason: `the path leads outside the workspace ${workspace}`, fix: FIX };
  const named = namedOnDisk(workspace, path);
  if (named !== path) {
    const shown = relative(dirname(senderFile), named).split(sep).join('/');
    return {
      ok: false,
      reason: `the file is named ${shown}, with other capitals, which some systems tell apart`,
      fix: `write the path as the file is named, ${shown}`,
    };
  }
  try {
    lstatSync(path);
  } catch {
    // A missing file is reported by the image loader, in the same words as any other image problem.
    return { ok: true, path };
  }
  let real: string;
  let realWorkspace: string;
  try {
    real = realpathSync(path);
    realWorkspace = realpathSync(workspace);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, reason: `the path is a link that leads nowhere (${code ?? 'unresolved'})`, fix: FIX };
  }
  if (!inside(realWorkspace, real)) return { ok: false, reason: `the path is a link to ${real}, outside the workspace ${workspace}`, fix: FIX };
  return { ok: true, path: real };
}

function inside(folder: string, path: string): boolean {
  return !!relativeInside(folder, path);
}

/**
 * `path` (inside `workspace`) with each of its names as the folder above lists it: one written with
 * other capitals is found on macOS and Windows and missing on Linux, so a sender file that works on
 * one computer fails on a server. A name not listed at all is left as written, for the loader to report.
 */
function namedOnDisk(workspace: string, path: string): string {
  let at = workspace;
  for (const name of relative(workspace, path).split(sep)) {
    let names: string[];
    try {
      names = readdirSync(at);
    } catch {
      return path;
    }
    const listed = names.includes(name) ? name : names.find((n) => n.toLowerCase() === name.toLowerCase());
    if (listed === undefined) return path;
    at = join(at, listed);
  }
  return at;
}
