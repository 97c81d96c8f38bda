// The application as the battery runs it: the built modules in dist/ (what `bin/dossier` and
// `npm start` run, worker threads included), typed as their sources. Build first
// (`npm run build`; `npm run battery` does).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repositoryRoot } from './battery-support.js';
import type * as Core from '../src/core/index.js';
import type * as Api from '../src/api/index.js';
import type * as Model from '../src/model/index.js';

const distModule = async <T>(relative: string): Promise<T> => {
  const file = path.join(repositoryRoot, 'dist', relative);
  if (!existsSync(file))
    throw new Error(`${path.relative(repositoryRoot, file)} is missing: run \`npm run build\` first`);
  return (await import(pathToFileURL(file).href)) as T;
};

export const loadCore = () => distModule<typeof Core>('core/index.js');
export const loadApi = () => distModule<typeof Api>('api/index.js');
export const loadModel = () => distModule<typeof Model>('model/index.js');
