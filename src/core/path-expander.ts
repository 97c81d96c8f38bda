// Turns the paths a user gives (files, folders, globs) into a sorted list of profile files.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

export const profileExtensions = ['txt', 'text', 'md', 'markdown', 'html', 'htm'];
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
    if (isDynamicPattern(input)) {
      const matches = await glob(input, { cwd, absolute: true, onlyFiles: true, ignore: ['**/node_modules/**'] });
      if (matches.length === 0) missing.push(input);
      matches.forEach((file) => files.add(path.resolve(file)));
      continue;
    }
    const absolute = path.resolve(cwd, input);
    const info = await stat(absolute).catch(() => null);
    if (!info) {
      missing.push(input);
    } else if (info.isDirectory()) {
      const matches = await glob(extensionGlob, { cwd: absolute, absolute: true, onlyFiles: true, ignore: ['**/node_modules/**', '**/gold/**', '**/README.*', '**/readme.*'] });
      matches.forEach((file) => files.add(path.resolve(file)));
    } else {
      files.add(absolute);
    }
  }
  return { files: [...files].sort(), missing };
}
