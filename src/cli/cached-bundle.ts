// Runs the CLI from its one-file bundle (dist/cli-bundle/dossier.cjs, written by
// scripts/bundle-cli.mjs) with V8's code cache: the bundle is compiled as a script whose compiled
// functions are saved beside it (dossier.cjs.cache), so a later run reads them instead of parsing
// and compiling again. The cache is written by the build after one `dossier extract` of the seed,
// so it holds what that command runs. Node 20 has no compile cache of its own for ES modules
// (module.enableCompileCache is Node 22); this is the same idea for one script. A cache is used only
// when it was made from this very file (its first line is the bundle's size and modification time:
// a build writes both again) and V8 accepts it; else the bundle is compiled as usual. bin/dossier
// decides when to use the bundle.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/** What the bundle exports (its entry is src/cli/commands.ts). */
interface BundleExports {
  runCli(argv: string[]): Promise<number>;
}

/** The code cache's file: the bundle's identity (see bundleIdentity) and a newline, then V8's cached data. */
export const codeCachePath = (bundle: string): string => `${bundle}.cache`;

/** The bundle file as it is now: size and modification time (a stricter hash of 3 MB would cost more than it saves). */
function bundleIdentity(bundle: string): string {
  const { size, mtimeMs } = statSync(bundle);
  return `dossier-bundle ${size} ${mtimeMs}`;
}

function readCodeCache(file: string, identity: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const header = `${identity}\n`;
  return bytes.subarray(0, header.length).toString('latin1') === header ? bytes.subarray(header.length) : undefined;
}

/**
 * Loads the bundle (with its code cache when that fits), runs the CLI with argv and returns its exit code;
 * `writeCache` saves the code compiled by the end of the run as the bundle's cache (the build does it).
 */
export async function runCachedBundle(
  file: string,
  argv: string[],
  options: { writeCache?: boolean } = {},
): Promise<number> {
  const bundle = path.resolve(file);
  const identity = bundleIdentity(bundle);
  const source = readFileSync(bundle, 'utf8');
  const cachedData = options.writeCache ? undefined : readCodeCache(codeCachePath(bundle), identity);
  // The CommonJS module wrapper, as Node's own loader would add it.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} as BundleExports };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
  const code = await module.exports.runCli(argv);
  if (options.writeCache) {
    const file = codeCachePath(bundle);
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, Buffer.concat([Buffer.from(`${identity}\n`, 'latin1'), script.createCachedData()]));
    renameSync(temporary, file);
  }
  return code;
}
