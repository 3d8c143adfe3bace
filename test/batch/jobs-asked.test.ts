import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { jobsAsked } from '../../src/batch/jobs-asked.js';

describe('jobsAsked', () => {
  it('is --jobs when given, else one per core', () => {
    expect(jobsAsked(3)).toBe(3);
    expect(jobsAsked(1)).toBe(1);
    expect(jobsAsked(undefined)).toBe(availableParallelism());
  });
});
