// What `letters send` says when its send log cannot take a record midway (a full disk).
import { join } from 'node:path';
import { sendFault } from './send-fault.js';
import { SEND_LOG } from './send-log.js';

/**
 * The fault `err` that kept the send log of `dir` from recording `file`'s step, as a message that
 * says where the letter stands: not handed over (`answer` undefined), or handed over and answered,
 * which the log still lacks, so the next run takes it as uncertain and never sends it again unasked.
 */
export function unwrittenLog(err: Error, dir: string, file: string, answered?: { sent: boolean; answer: string }): string {
  const { reason, fix } = sendFault(err, dir);
  const lead = `the send log ${join(dir, SEND_LOG)} could not be written: ${reason}.`;
  const again = `${fix}, then run the same \`letters send … --send\` again: letters recorded as sent are not sent again, and it writes the manifest's delivery columns.`;
  if (!answered) {
    return `${lead} ${file} was not sent, nor any letter after it; those sent before it are recorded in the log. ${again}`;
  }
  const outcome = answered.sent
    ? `was handed to the server, which took it (${answered.answer}), but the log could not record that: the next run reports it uncertain and does not send it again. Do not pass --resend-uncertain for it: it was sent.`
    : `was refused by the server (${answered.answer}), but the log could not record that: the next run reports it uncertain. It was not delivered: pass --resend-uncertain to send it then.`;
  return `${lead} ${file} ${outcome} No letter after it was sent. ${again}`;
}
