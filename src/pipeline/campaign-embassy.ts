// Which embassy a campaign sender's letters about a case go via. The directory may hold two of the
// case's state in the sender's country (an embassy and a consulate): then the campaign says which,
// since taking the first listed sent the letters wherever the file's order happened to put them.
import type { Directory, DirectoryEntry } from '../input/load-directory.js';
import type { PathPart } from '../input/read-yaml.js';
import type { CampaignData, EmbassyData } from '../input/schemas.js';
import { unknownHint } from './load-case.js';

export type EmbassyChoice = { embassy: DirectoryEntry<EmbassyData> } | { path: PathPart[]; message: string };

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Every embassy `of` a state `in` a host country, compared without regard to case or surrounding spaces, in file order. */
export function embassiesOf(directory: Directory, of: string, host: string): DirectoryEntry<EmbassyData>[] {
  return [...directory.embassies.values()].filter((entry) => same(entry.data.of, of) && same(entry.data.in, host));
}

/**
 * The embassy of sender entry `j`'s letters about a case of `country`: the entry's `embassy` when it
 * is of that state, else the one embassy of that state in the entry's country. None, several with no
 * `embassy` to choose, or an `embassy` that is unknown, in another country or of no case's state (all
 * of `countries`) is a problem at its place in the campaign file, with the fix.
 */
export function campaignEmbassy(
  directory: Directory,
  embassiesFile: string,
  entry: CampaignData['senders'][number],
  j: number,
  caseId: string,
  country: string,
  countries: { id: string; country: string }[],
): EmbassyChoice {
  if (entry.embassy !== undefined) {
    const path = ['senders', j, 'embassy'];
    const named = directory.embassies.get(entry.embassy);
    if (!named) {
      return {
        path,
        message: `unknown embassy \`${entry.embassy}\`: not in ${embassiesFile}; ${unknownHint(entry.embassy, [...directory.embassies.keys()])}.`,
      };
    }
    if (!same(named.data.in, entry.country)) {
      return {
        path,
        message: `embassy \`${entry.embassy}\` is in ${named.data.in}, but this sender writes from ${entry.country}: name an embassy in ${entry.country}, or correct \`country\`.`,
      };
    }
    if (!countries.some((c) => same(c.country, named.data.of))) {
      const concern = countries.map((c) => `\`${c.id}\` concerns ${c.country}`).join(', ');
      return {
        path,
        message: `embassy \`${entry.embassy}\` is of ${named.data.of}, but no case of this campaign concerns ${named.data.of} (${concern}): name the embassy of ${country} in ${entry.country}, or remove \`embassy\`.`,
      };
    }
    if (same(named.data.of, country)) return { embassy: named };
  }
  const path = ['senders', j, 'country'];
  const found = embassiesOf(directory, country, entry.country);
  if (found.length === 1) return { embassy: found[0]! };
  const which = `${country} in ${entry.country} (case \`${caseId}\`, sender \`${entry.sender}\`)`;
  if (found.length === 0) {
    return {
      path,
      message: `no embassy of ${which}: add one to ${embassiesFile} with \`of: ${country}\` and \`in: ${entry.country}\`, or correct the country.`,
    };
  }
  const listed = found.map((e) => `\`${e.data.id}\` (${e.file}:${e.source.locate(e.path)?.line ?? '?'})`);
  const names = `${listed.slice(0, -1).join(', ')} and ${listed.at(-1)}`;
  const fix = `add \`embassy: ${found[0]!.data.id}\` (or ${found
    .slice(1)
    .map((e) => `\`embassy: ${e.data.id}\``)
    .join(', ')}) to this sender entry`;
  return { path, message: `${found.length} embassies of ${which}: ${names}. Say which one the letters go via: ${fix}.` };
}
