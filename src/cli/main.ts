#!/usr/bin/env node
// Process entry of the `dossier` CLI: runs the command with stdout/stderr behind the terminal
// sanitiser (a closed pipe ends output quietly) and sets the exit code.
import { runCli } from './commands.js';

const code = await runCli(process.argv);
if (code !== 0) process.exitCode = code;
