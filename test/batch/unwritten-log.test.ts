import { describe, expect, it } from 'vitest';
import { unwrittenLog } from '../../src/batch/unwritten-log.js';

const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
const lead = 'the send log /c/send-log.jsonl could not be written: the disk is full. ituc/x.pdf';
const again =
  "Free some space, then run the same `letters send … --send` again: letters recorded as sent are not sent again, and it writes the manifest's delivery columns.";

describe('unwrittenLog: where a letter stands when the send log cannot take its step', () => {
  it('not handed over: neither it nor any after it was sent', () => {
    expect(unwrittenLog(full, '/c', 'ituc/x.pdf')).toBe(
      `${lead} was not sent, nor any letter after it; those sent before it are recorded in the log. ${again}`,
    );
  });

  it('taken by the server: uncertain next time, and not to be sent again', () => {
    expect(unwrittenLog(full, '/c', 'ituc/x.pdf', { sent: true, answer: '250 ok' })).toBe(
      `${lead} was handed to the server, which took it (250 ok), but the log could not record that: the next run reports it uncertain and does not send it again. Do not pass --resend-uncertain for it: it was sent. No letter after it was sent. ${again}`,
    );
  });

  it('refused by the server: uncertain next time, and to be sent with --resend-uncertain', () => {
    expect(unwrittenLog(full, '/c', 'ituc/x.pdf', { sent: false, answer: '550 no' })).toContain(
      'was refused by the server (550 no), but the log could not record that: the next run reports it uncertain. It was not delivered: pass --resend-uncertain to send it then.',
    );
  });
});
