// Which embassy a campaign sender's letters about a case go via. The directory may hold two of the
// case's state in the sender's country (an embassy and a consulate): then the campaign says which,
// since taking the first listed sent the letters wherever the file's order happened to put them.
import type { Directory, DirectoryEntry } from '../input/load-directory.js';
import { clipped, type PathPart } from '../input/read-yaml.js';
import type { CampaignData, EmbassyData } from '../input/schemas.js';
import { unknownHint } from './unknown-hint.js';

export type EmbassyChoice = { embassy: DirectoryEntry<EmbassyData> } | { path: PathPart[]; message: string };

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

const key = (of: string, host: string) => JSON.stringify([of.trim().toLowerCase(), host.trim().toLowerCase()]);

/**
 * The embassies of each directory by state and host country, made once: reading the whole directory
 * for each sender entry took 23 s for 5,000 entries against a directory of 20,000 embassies.
 */
const byPlace = new WeakMap<Directory, Map<string, DirectoryEntry<EmbassyData>[]>>();

/** Every embassy `of` a state `in` a host country, compared without regard to case or surrounding spaces, in file order. */
export function embassiesOf(directory: Directory, of: string, host: string): DirectoryEntry<EmbassyData>[] {
  let index = byPlace.get(directory);
  if (!index) {
    index = new Map();
    for (const entry of directory.embassies.values()) {
      const place = key(entry.data.of, entry.data.in);
      const found = index.get(place);
      if (found) found.push(entry);
      else index.set(place, [entry]);
    }
    byPlace.set(directory, index);
  }
  return index.get(key(of, host)) ?? [];
}

/** How many of several embassies of one state in one country a message names: a directory may hold thousands. */
const NAMED = 10;

/**
 * The embassy of sender entry `j`'s letters about a case of `country`: the one the entry's `embassy`
 * lists of that state (an id, or a list of ids for a campaign whose cases concern several states), else
 * the one embassy of that state in the entry's country. None, several with none listed to choose, or a
 * listed embassy that is unknown, in another country, of no case's state (all of `countries`) or of a
 * state listed twice, is a problem at its place in the campaign file, with the fix.
 */
export function campaignEmbassy(
  directory: Directory,
  embassiesFile: string,
  entry: CampaignData['senders'][number],
  j: number,
  caseId: string,
  country: string,
  countries: { id: string; country: string }[],
  hint: (id: string, known: readonly string[]) => string = unknownHint,
): EmbassyChoice {
  // Quoted clipped: a country may be 300,000 characters long, and was quoted whole, twice (600 KB).
  const host = clipped(entry.country);
  const state = clipped(country);
  const listed: [string, PathPart[]][] =
    entry.embassy === undefined
      ? []
      : typeof entry.embassy === 'string'
        ? [[entry.embassy, ['senders', j, 'embassy']]]
        : entry.embassy.map((id, k) => [id, ['senders', j, 'embassy', k]]);
  let chosen: DirectoryEntry<EmbassyData> | undefined;
  for (const [id, path] of listed) {
    const named = directory.embassies.get(id);
    if (!named) {
      return { path, message: `unknown embassy \`${id}\`: not in ${embassiesFile}; ${hint(id, [...directory.embassies.keys()])}.` };
    }
    if (!same(named.data.in, entry.country)) {
      return {
        path,
        message: `embassy \`${id}\` is in ${clipped(named.data.in)}, but this sender writes from ${host}: name an embassy in ${host}, or correct \`country\`.`,
      };
    }
    if (!countries.some((c) => same(c.country, named.data.of))) {
      const concern = countries.map((c) => `\`${c.id}\` concerns ${clipped(c.country)}`).join(', ');
      return {
        path,
        message: `embassy \`${id}\` is of ${clipped(named.data.of)}, but no case of this campaign concerns ${clipped(named.data.of)} (${concern}): name the embassy of ${state} in ${host}, or remove \`embassy\`.`,
      };
    }
    if (!same(named.data.of, country)) continue;
    if (chosen) {
      return {
        path,
        message:
          chosen.data.id === id
            ? `\`${id}\` is listed twice: list it once.`
            : `\`${chosen.data.id}\` and \`${id}\` are both embassies of ${state}: list one embassy a state, the one the letters about it go via.`,
      };
    }
    chosen = named;
  }
  if (chosen) return { embassy: chosen };
  const path = ['senders', j, 'country'];
  const found = embassiesOf(directory, country, entry.country);
  if (found.length === 1) return { embassy: found[0]! };
  const which = `${state} in ${host} (case \`${caseId}\`, sender \`${entry.sender}\`)`;
  if (found.length === 0) {
    return {
      path,
      message: `no embassy of ${which}: add one to ${embassiesFile} with \`of: ${state}\` and \`in: ${host}\`, or correct the country.`,
    };
  }
  const names = found.slice(0, NAMED).map((e) => `\`${e.data.id}\` (${e.file}:${e.source.locate(e.path)?.line ?? '?'})`);
  const ids = found.slice(0, NAMED).map((e) => e.data.id);
  const more = found.length - names.length;
  // An entry that lists the embassy of another state already lists this one beside it.
  const own = listed.map(([id]) => id);
  const fix =
    own.length === 0
      ? `add \`embassy: ${ids[0]}\` (or ${ids
          .slice(1)
          .map((id) => `\`embassy: ${id}\``)
          .join(', ')}) to this sender entry`
      : `list it beside the entry's own: \`embassy: [${[...own, ids[0]].join(', ')}]\` (or ${ids.slice(1).join(', ')} in place of ${ids[0]})`;
  return {
    path,
    message: `${found.length} embassies of ${which}: ${more > 0 ? `${names.join(', ')} and ${more} more` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`}. Say which one the letters go via: ${fix}.`,
  };
}
