import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Problem } from '../errors.js';
import type { ImageRef } from '../letter-document.js';
import { findWorkspace } from './find-workspace.js';
import { idFileNameProblem } from './id-file-name.js';
import { linkedOutside } from './linked-outside.js';
import { loadFile } from './load-file.js';
import { oncePerPath } from './once-per-path.js';
import { loadImage } from './load-image.js';
import { problemAt, type SourceFile } from './read-yaml.js';
import { signaturePath } from './signature-path.js';
import { SenderFile, type SenderData } from './schemas.js';

export interface LoadedSender {
  file: string;
  source: SourceFile;
  data: SenderData;
  signatures: Map<string, ImageRef>;
  logo?: ImageRef;
}

export type SenderResult = { sender?: LoadedSender; problems: Problem[] };

export function senderPath(workspace: string, id: string): string {
  return join(workspace, 'senders', `${id}.yaml`);
}

/**
 * How many loaded senders a process keeps. A loaded sender holds its parsed YAML document (some 17 KB
 * for the samples): kept for every sender of a campaign naming thousands, that grew the main thread and
 * every worker with the length of the list. A batch's letters come sender by sender, so a few suffice.
 */
export const SENDERS_KEPT = 64;

/** Loads `senders/<id>.yaml` once per process (of the last SENDERS_KEPT), with its signature images checked (docs/images.md) and decoded. */
export const loadSender: (file: string) => SenderResult = oncePerPath((file) => (existsSync(file) ? load(file) : { problems: [] }), SENDERS_KEPT);

function load(file: string): SenderResult {
  const outside = linkedOutside(findWorkspace(file), file);
  if (outside) return { problems: [{ file, path: '', message: outside, severity: 'error' }] };
  const { source, value, problems } = loadFile(file, SenderFile);
  if (!source || !value) return { problems };
  const misnamed = idFileNameProblem(source, value.id);
  if (misnamed) problems.push(misnamed);
  const dir = dirname(file);
  const signatures = new Map<string, ImageRef>();
  const image = (written: string, path: (string | number)[]): ImageRef | undefined => {
    const what = path[0] === 'logo' ? 'logo' : 'signature image';
    const where = signaturePath(file, written);
    if (!where.ok) {
      problems.push(problemAt(source, path, `${what} \`${written}\`: ${where.reason}: ${where.fix}.`));
      return undefined;
    }
    const result = loadImage(where.path);
    if (result.ok) return result.image;
    const fix = result.withFix ? '' : ' Give a PNG, JPEG or SVG file; its path is relative to the sender file.';
    for (const reason of result.reasons) {
      problems.push(problemAt(source, path, `${what} \`${written}\`: ${reason} (looked for ${resolve(dir, written)}).${fix}`));
    }
    return undefined;
  };
  const seen = new Set<string>();
  value.signatories.forEach((s, i) => {
    if (seen.has(s.id)) problems.push(problemAt(source, ['signatories', i, 'id'], `signatory id \`${s.id}\` is used twice: ids must be unique.`));
    seen.add(s.id);
    if (s.signature) {
      const img = image(s.signature, ['signatories', i, 'signature']);
      if (img) signatures.set(s.id, img);
    }
  });
  const logo = value.logo ? image(value.logo, ['logo']) : undefined;
  if (problems.some((p) => p.severity === 'error')) return { problems };
  return { sender: { file, source, data: value, signatures, logo }, problems };
}
