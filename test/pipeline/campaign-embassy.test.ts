// A directory of 1 MB holds some 20,000 embassies, and a campaign of 1 MB some 35,000 sender entries:
// each entry's embassy was looked for by reading the whole directory (5,000 entries against 20,000
// embassies: 23 s in `letters validate`), and several embassies of one state in one country were all
// named in each entry's message (20,000 of them: a message of 1 MB for every entry).
import { describe, expect, it } from 'vitest';
import type { Directory, DirectoryEntry } from '../../src/input/load-directory.js';
import type { SourceFile } from '../../src/input/read-yaml.js';
import type { EmbassyData } from '../../src/input/schemas.js';
import { campaignEmbassy } from '../../src/pipeline/campaign-embassy.js';

const source = { locate: () => ({ line: 7, column: 5 }) } as unknown as SourceFile;

function directoryOf(embassies: EmbassyData[]): Directory {
  const entries = embassies.map((data, i): [string, DirectoryEntry<EmbassyData>] => [
    data.id,
    { data, language: 'en', file: '/ws/directory/embassies.yaml', source, path: ['embassies', i] },
  ]);
  return { officials: new Map(), embassies: new Map(entries), files: [], problems: [], unread: [] };
}

const embassy = (id: string, of: string, host: string): EmbassyData => ({ id, of, in: host, name: `Embassy ${id}` });

describe('campaignEmbassy against a large directory', () => {
  it('finds the one embassy of each of thousands of entries without reading the directory for each', () => {
    const directory = directoryOf([
      ...Array.from({ length: 20_000 }, (_, i) => embassy(`e${i}`, `State ${i}`, `Country ${i}`)),
      embassy('kz-in-belgium', 'Kazakhstan', 'Belgium'),
    ]);
    const started = Date.now();
    for (let j = 0; j < 5_000; j++) {
      const choice = campaignEmbassy(directory, '/ws/directory/embassies.yaml', { sender: `s${j}`, country: ' belgium ' }, j, 'case-one', 'kazakhstan', []);
      expect(choice).toEqual({ embassy: directory.embassies.get('kz-in-belgium') });
    }
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('names a few of thousands of embassies of one state in one country, and counts the rest', () => {
    const directory = directoryOf(Array.from({ length: 20_000 }, (_, i) => embassy(`kz-${i}`, 'Kazakhstan', 'Belgium')));
    const choice = campaignEmbassy(directory, '/ws/directory/embassies.yaml', { sender: 'ituc', country: 'Belgium' }, 0, 'case-one', 'Kazakhstan', []);
    const message = 'message' in choice ? choice.message : '';
    expect(message).toMatch(/^20000 embassies of Kazakhstan in Belgium \(case `case-one`, sender `ituc`\): `kz-0` \(\/ws\/directory\/embassies\.yaml:7\), /);
    expect(message).toMatch(/ and 19990 more\. Say which one the letters go via: add `embassy: kz-0` \(or `embassy: kz-1`, /);
    expect(message.length).toBeLessThan(1_500);
  });

  // A country of 300,000 characters (the campaign file's limit is 1 MB) was quoted whole, twice: a message of 600 KB.
  it('quotes a very long country clipped', () => {
    const directory = directoryOf([embassy('kz-in-belgium', 'Kazakhstan', 'Belgium')]);
    const long = 'B'.repeat(300_000);
    const choice = campaignEmbassy(directory, '/ws/directory/embassies.yaml', { sender: 'ituc', country: long }, 0, 'case-one', 'Kazakhstan', []);
    const message = 'message' in choice ? choice.message : '';
    expect(message).toMatch(/^no embassy of Kazakhstan in B{57}\.\.\. \(case `case-one`, sender `ituc`\)/);
    expect(message.length).toBeLessThan(500);
  });
});
