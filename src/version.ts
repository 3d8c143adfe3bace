import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT } from './package-root.js';

interface PackageJson {
  version?: string;
  dependencies?: Record<string, string>;
}

function readPackage(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** The version of this tool, from its package.json. */
export function toolVersion(): string {
  return readPackage(PACKAGE_ROOT).version ?? '0.0.0';
}

/**
 * The tool's version and the installed version of each package it depends on ("name@version", by
 * name): what a letter's bytes hang on besides its inputs. Fonts and hyphenation patterns are read from
 * their packages, pdfkit, fontkit and the rest are bundled when the tool is installed, so upgrading any
 * of them under the same tool version may change letters that a re-run of a batch would otherwise skip
 * as done (input-hash.ts).
 */
export function renderingVersion(): string {
  const pkg = readPackage(PACKAGE_ROOT);
  const deps = Object.keys(pkg.dependencies ?? {}).sort();
  return [pkg.version ?? '0.0.0', ...deps.map((name) => `${name}@${installedVersion(name) ?? 'missing'}`)].join(' ');
}

/** A package's version as installed where Node would find it from this package: its own node_modules, or one above (hoisted). */
function installedVersion(name: string): string | undefined {
  for (let dir = PACKAGE_ROOT; ; dir = dirname(dir)) {
    try {
      return readPackage(join(dir, 'node_modules', name)).version;
    } catch {
      // Not here: look further up.
    }
    if (dirname(dir) === dir) return undefined;
  }
}
