import { realpathSync } from 'node:fs';
import { relativeInside } from '../path-inside.js';

/**
 * Why a file that a workspace names by id (`senders/<id>.yaml`, `directory/officials.yaml`, a campaign's
 * `cases/<id>.yaml`, a template) may not be read: a symbolic link on its path leads out of the workspace.
 * Files arrive by e-mail, and such a link would pull a file from elsewhere on the machine into a letter,
 * as a signature image's path may not (signature-path.ts). Undefined when the file is inside, or is not
 * there (its reader says so).
 */
export function linkedOutside(workspace: string, file: string): string | undefined {
  let real: string;
  let realWorkspace: string;
  try {
    realWorkspace = realpathSync(workspace);
    real = realpathSync(file);
  } catch {
    return undefined;
  }
  if (relativeInside(realWorkspace, real) !== undefined) return undefined;
  return `is a symbolic link to ${real}, outside the workspace ${workspace}: files named by id are read only from inside their workspace. Replace the link: copy the file into its place.`;
}
