// Errors cross between `letters batch`'s thread and the batch thread as the classes the CLI tells apart.
import { describe, expect, it } from 'vitest';
import { errorFromWire, errorToWire } from '../../src/batch/thread-messages.js';
import { InternalError, UserError, ValidationError, type Problem } from '../../src/errors.js';

const PROBLEM: Problem = {
  file: 'campaigns/x.yaml',
  line: 3,
  column: 5,
  path: 'senders[0]',
  message: 'no such sender `a\u001b[2J`',
  value: { a: [1] },
  severity: 'error',
};

describe('errors between threads', () => {
  it('come back as the class they were, with what the CLI prints', () => {
    const validation = errorFromWire(structuredClone(errorToWire(new ValidationError([PROBLEM]))));
    expect(validation).toBeInstanceOf(ValidationError);
    expect((validation as ValidationError).problems).toEqual([PROBLEM]);
    expect(validation.message).toBe(new ValidationError([PROBLEM]).message);

    const user = errorFromWire(structuredClone(errorToWire(new UserError('the folder is locked', 'out/day'))));
    expect(user).toBeInstanceOf(UserError);
    expect(user).toMatchObject({ message: 'the folder is locked', file: 'out/day' });

    const bug = new TypeError('x is undefined');
    const internal = errorFromWire(structuredClone(errorToWire(bug)));
    expect(internal).toBeInstanceOf(InternalError);
    expect(internal.message).toBe('x is undefined');
    expect(internal.stack).toBe(bug.stack);
    expect(errorFromWire(errorToWire('a thrown string')).message).toBe('a thrown string');
  });
});
