import type { Problem } from '../errors.js';
import { loadFile } from './load-file.js';
import type { SourceFile } from './read-yaml.js';
import { CampaignFile, type CampaignData } from './schemas.js';

export interface LoadedCampaign {
  source?: SourceFile;
  data?: CampaignData;
  problems: Problem[];
}

/** Reads and checks a campaign file. */
export function loadCampaign(file: string): LoadedCampaign {
  const { source, value, problems } = loadFile(file, CampaignFile);
  return { source, data: value, problems };
}
