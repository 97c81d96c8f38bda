#!/usr/bin/env node
// Process entry of the `dossier` CLI.
import { runCli } from './commands.js';

const code = await runCli(process.argv);
if (code !== 0) process.exitCode = code;
