import { readFileSync } from 'node:fs';

/** The version of this tool, from its package.json (dist/ and src/ both sit one folder below it). */
export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
