import type { Problem } from '../errors.js';
import type { LoadedSender } from '../input/load-sender.js';
import { problemAt } from '../input/read-yaml.js';
import { signatureBox } from '../layout/block-lines.js';

/**
 * Below this many pixels per inch at its printed size, a scanned signature prints visibly blurred or
 * blocky (office printers print 600 dpi; 150 is a rough photo's, the least a signature stands).
 */
export const MIN_SIGNATURE_DPI = 150;

const MM_PER_POINT = 25.4 / 72;

/**
 * A warning for each PNG or JPEG signature of `signatories` (ids of the sender's) that a letter signed
 * by `together` people prints at fewer than MIN_SIGNATURE_DPI: a 20 × 8 pixel scan was scaled up to the
 * signature box without a word and printed as a blur. Not an error, since the letter is still legible.
 * An SVG is drawn as vectors, sharp at any size.
 */
export function signatureWarnings(sender: LoadedSender, signatories: readonly string[], together: number): Problem[] {
  return sender.data.signatories.flatMap((s, i) => {
    const image = sender.signatures.get(s.id);
    if (!image || image.svg !== undefined || !signatories.includes(s.id)) return [];
    const box = signatureBox(image, together);
    const dpi = image.width / (box.width / 72);
    if (dpi >= MIN_SIGNATURE_DPI) return [];
    const mm = (points: number) => Math.round(points * MM_PER_POINT);
    const needed = (points: number) => Math.ceil((points / 72) * MIN_SIGNATURE_DPI);
    const letter = together === 1 ? 'a letter with one signatory' : `a letter with ${together} signatories`;
    return [
      problemAt(
        sender.source,
        ['signatories', i, 'signature'],
        `signature image \`${s.signature}\` is ${image.width} × ${image.height} pixels, printed at ${mm(box.width)} × ${mm(box.height)} mm (${letter}), which is ${Math.round(dpi)} dpi: it will print blurred. Send a scan of at least ${needed(box.width)} × ${needed(box.height)} pixels (${MIN_SIGNATURE_DPI} dpi at that size; 300 or more is better), or an SVG.`,
        'warning',
      ),
    ];
  });
}
