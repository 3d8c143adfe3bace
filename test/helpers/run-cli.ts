import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir } from './temp-dir.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'letters.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `letters` command as a user would, in `cwd`, with extra environment; killed after `timeout` ms when given. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; timeout?: number } = {}): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: options.timeout,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export { tempDir } from './temp-dir.js';

/** A copy of the repository's sample workspace (cases, senders, directory, templates, campaigns) in a temp folder. */
export function sampleWorkspace(): string {
  const dir = tempDir('letters-ws-');
  for (const sub of ['cases', 'senders', 'directory', 'campaigns']) cpSync(join(ROOT, sub), join(dir, sub), { recursive: true });
  return dir;
}

/** Runs a poppler/qpdf tool and returns its stdout. */
export function tool(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} is not installed: apt-get install -y poppler-utils qpdf (${r.error.message})`);
  if (r.status !== 0 && cmd !== 'qpdf') throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout + (cmd === 'qpdf' ? r.stderr : '');
}
