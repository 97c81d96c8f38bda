// The package's version, read once from package.json (two folders up from both src/model and
// dist/model): the CLI's --version, OpenAPI's info and /healthz all print it. A module of its own so
// the CLI reads it without loading the schemas.
import { createRequire } from 'node:module';

export const dossierVersion: string = (createRequire(import.meta.url)('../../package.json') as { version: string })
  .version;
