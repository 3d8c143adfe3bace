import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findTemplateDir } from '../input/find-template.js';
import { loadDirectory } from '../input/load-directory.js';
import { loadSender } from '../input/load-sender.js';
import type { BatchItem } from '../pipeline/plan-campaign.js';

/**
 * Hashes what one letter is made of: the bytes of its case, the case's own sender (it sets the
 * language of the case's plain texts), its sender, signature and logo images, directory files and
 * template files, its settings, and the versions of the tool and its packages (renderingVersion).
 * Equal hashes mean the letter would come out the same, so a re-run can skip it. Each file is read
 * and hashed once.
 */
export function createInputHasher(version: string, sourceDateEpoch?: string): (item: BatchItem) => string {
  const files = new Map<string, string>();
  const fileHash = (path: string): string => {
    let hash = files.get(path);
    if (hash === undefined) {
      let bytes: Buffer | string;
      try {
        bytes = readFileSync(path);
      } catch (err) {
        bytes = `unreadable: ${(err as NodeJS.ErrnoException).code}`;
      }
      hash = createHash('sha256').update(bytes).digest('hex');
      files.set(path, hash);
    }
    return hash;
  };
  const templates = new Map<string, string[]>();
  const templateFiles = (workspace: string, name: string): string[] => {
    const key = `${workspace}\0${name}`;
    let list = templates.get(key);
    if (!list) {
      const dir = findTemplateDir(workspace, name);
      list = dir ? listFiles(dir) : [];
      templates.set(key, list);
    }
    return list;
  };

  return (item) => {
    const sender = loadSender(item.senderFile).sender;
    const images = sender ? [...sender.signatures.values(), ...(sender.logo ? [sender.logo] : [])].map((i) => i.path) : [];
    const caseSender = item.caseSenderFile !== undefined && item.caseSenderFile !== item.senderFile ? [item.caseSenderFile] : [];
    const inputs = [
      item.caseFile,
      ...caseSender,
      item.senderFile,
      ...images,
      ...loadDirectory(item.workspace).files,
      ...templateFiles(item.workspace, item.template),
    ];
    const hash = createHash('sha256');
    hash.update(
      JSON.stringify({
        version,
        sourceDateEpoch: sourceDateEpoch ?? null,
        campaign: item.campaignId,
        date: item.date,
        template: item.template,
        case: item.caseId,
        entry: item.entry,
        official: item.officialId,
      }),
    );
    for (const path of inputs) hash.update(`\0${path}\0${fileHash(path)}`);
    return hash.digest('hex');
  };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}
