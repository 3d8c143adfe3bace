// A vitest setup file: runs in every test file, so the folders each file makes go when it ends.
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dir.js';

afterAll(removeTempDirs);
