import { basename, dirname } from 'node:path';
import type { FileKind } from './schemas.js';

const FOLDERS: Record<string, FileKind> = { cases: 'case', senders: 'sender', directory: 'directory', campaigns: 'campaign' };

/** The kind a file's folder gives it (`cases/`, `senders/`, `directory/`, `campaigns/`), if it is in one. */
export function kindOfFolder(file: string): FileKind | undefined {
  return FOLDERS[basename(dirname(file))];
}

/** What kind of file this is: by its folder, else by its keys. */
export function detectKind(file: string, data: Record<string, unknown>): FileKind | undefined {
  const folder = kindOfFolder(file);
  if (folder) return folder;
  // Only a directory file may be a plain list: one of officials or embassies.
  if (Array.isArray(data)) return looksLikeDirectoryList(file, data as unknown[]) ? 'directory' : undefined;
  if ('recipients' in data || 'letter' in data || 'people' in data) return 'case';
  if ('officials' in data && 'senders' in data) return 'campaign';
  if ('signatories' in data || 'letterhead' in data) return 'sender';
  if ('officials' in data || 'embassies' in data) return 'directory';
  if ('cases' in data || 'senders' in data) return 'campaign';
  return undefined;
}

const ENTRY_KEYS = ['of', 'in', 'name', 'position', 'salutation', 'honorific'];

function looksLikeDirectoryList(file: string, data: unknown[]): boolean {
  if (['officials.yaml', 'embassies.yaml'].includes(basename(file))) return true;
  return data.some((entry) => entry !== null && typeof entry === 'object' && ENTRY_KEYS.some((k) => k in entry));
}
