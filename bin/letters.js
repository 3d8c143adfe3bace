#!/usr/bin/env node
// The published command: runs the compiled CLI (built by `npm install` through the prepare script).
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
