// Turns the paths a user gives (files, folders, globs) into a sorted list of profile files. An
// argument that names an existing file or folder is taken literally, so `{a,b}.md`, `notes[1].txt`
// or `what?.md` can be ingested by name; only an argument that names nothing is tried as a glob.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { sourceFormatInfo } from '../model/index.js';

/** The extensions of every format a reader reads (the model's `sourceFormatInfo`). */
export const profileExtensions: string[] = Object.values(sourceFormatInfo).flatMap((info) => [...info.extensions]);
const extensionGlob = `**/*.{${profileExtensions.join(',')}}`;

export interface ExpandedPaths {
  files: string[];
  /** Arguments that named nothing: a missing file or a glob without matches. */
  missing: string[];
}

export async function expandProfilePaths(inputs: string[], cwd = process.cwd()): Promise<ExpandedPaths> {
  const files = new Set<string>();
  const missing: string[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    const info = await stat(absolute).catch(() => null);
    if (info?.isDirectory()) {
      const matches = await glob(extensionGlob, {
        cwd: absolute,
        absolute: true,
        onlyFiles: true,
        ignore: ['**/node_modules/**', '**/gold/**', '**/README.*', '**/readme.*'],
      });
      matches.forEach((file) => files.add(path.resolve(file)));
    } else if (info) {
      files.add(absolute);
    } else if (isDynamicPattern(input)) {
      const matches = await glob(input, { cwd, absolute: true, onlyFiles: true, ignore: ['**/node_modules/**'] });
      if (matches.length === 0) missing.push(input);
      matches.forEach((file) => files.add(path.resolve(file)));
    } else {
      missing.push(input);
    }
  }
  return { files: [...files].sort(), missing };
}
