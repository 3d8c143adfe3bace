// A directory file the render thread cannot read as the planning thread did (too many files open, an
// edit while the batch runs) failed each letter with "no embassy of Kazakhstan in Belgium chosen for
// this letter" or "unknown official", which sent the user to a campaign with nothing wrong in it.
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { loadCampaign } from '../../src/pipeline/load-campaign.js';
import { planCampaign } from '../../src/pipeline/plan-campaign.js';
import { planCampaignLetter } from '../../src/pipeline/plan-campaign-letter.js';
import { tempDir } from '../helpers/run-cli.js';
import { batchWorkspace } from '../batch/helpers.js';

describe('planCampaignLetter with a directory that reads otherwise than when the campaign was planned', () => {
  it("fails the letter with the directory file's own problem, not a missing embassy", () => {
    const ws = batchWorkspace();
    const item = [...planCampaign(loadCampaign(join(ws, 'campaigns', 'test-day.yaml')), join(ws, 'out'))][0]!;
    // The same workspace as the render thread finds it: the directory file broken since.
    const later = tempDir('letters-later-');
    cpSync(ws, later, { recursive: true });
    writeFileSync(join(later, 'directory', 'embassies.yaml'), 'embassies: [unclosed\n');
    let thrown: unknown;
    try {
      planCampaignLetter({ ...item, workspace: later });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).problems[0]?.file).toBe(join(later, 'directory', 'embassies.yaml'));
  });
});
