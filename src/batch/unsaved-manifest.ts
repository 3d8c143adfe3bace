// What `letters send` says when the manifest's delivery columns cannot be saved after it sent letters.
import { join } from 'node:path';
import { sendFault } from './send-fault.js';
import { SEND_LOG } from './send-log.js';

/** What stands in a file's place when renaming onto it fails so. */
const IN_PLACE: Record<string, string> = { EISDIR: 'a folder', ENOTEMPTY: 'a folder', EEXIST: 'a folder', ENOTDIR: 'something that is not a file' };

/**
 * The fault `err` that kept the manifest of `dir` from being saved at the end of a run that sent, as
 * a message: the letters are safe in the send log, and the same command again (which reads the log,
 * so sends nothing twice) writes the columns once the fault is put right.
 */
export function unsavedManifest(err: Error, dir: string): string {
  const again = 'run the same `letters send … --send` again: it sends no letter twice, and writes the delivery columns from the send log.';
  const lead = `the letters sent are safe: each is recorded in ${join(dir, SEND_LOG)}, and none will be sent again. But the manifest's delivery columns could not be written into ${dir}`;
  const fault = err as NodeJS.ErrnoException & { dest?: string };
  const held = IN_PLACE[fault.code ?? ''];
  if (held) {
    // The rename names the manifest it could not replace; the old one is gone, so the batch writes it anew.
    const path = fault.dest ?? join(dir, 'manifest.json');
    return `${lead}: ${held} stands in the place of ${path}. Move it away, run \`letters batch <campaign.yaml> --eml\` again, which writes the manifest anew (the letters are unchanged and skipped), then ${again}`;
  }
  const { reason, fix } = sendFault(err, dir);
  return `${lead}: ${reason}. ${fix}, then ${again}`;
}
