// The fonts come from npm packages installed with letters. A package missing or damaged (an install
// cut short, a package manager that left one out) is no bug of the letter's: reading its file fails
// with a message that names the package and the fix, for the letters that need that font.
import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';

/** The bytes of a font file that `locate` finds in package `pkg`; a UserError naming the package when it cannot be found or read. */
export function readFontFile(pkg: string, locate: () => string): Buffer {
  try {
    return readFileSync(locate());
  } catch (err) {
    // The first line: Node's "Cannot find module" goes on with the stack of files that required it.
    const cause = String((err as Error).message).split('\n', 1)[0];
    throw new UserError(`the font package ${pkg} could not be read (${cause}): reinstall letters (npm install).`);
  }
}
