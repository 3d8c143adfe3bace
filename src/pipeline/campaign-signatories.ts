import type { CampaignData, CaseData, SenderData } from '../input/schemas.js';

/**
 * Who signs a campaign letter: the entry's signatories, else the case's `letter.signatories` when the
 * sender is the case's own, else the sender's first. `fromCase` says the case's were taken: nothing
 * has checked those against this sender yet (a broken own sender must not spoil other senders' letters).
 */
export function campaignSignatories(
  letter: CaseData['letter'],
  sender: SenderData,
  entry: CampaignData['senders'][number],
): { ids: string[]; fromCase: boolean } {
  if (entry.signatories) return { ids: entry.signatories, fromCase: false };
  // The case's own sender is the file its letter names (senders/<id>.yaml), as `generate` reads it,
  // whatever id that file gives itself (a copied file may keep another's: a warning, not an error).
  if (letter.sender === entry.sender && letter.signatories) return { ids: letter.signatories, fromCase: true };
  return { ids: [sender.signatories[0]!.id], fromCase: false };
}
