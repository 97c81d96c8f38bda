// Build step (run by `npm run build` after tsc): bundles the CLI (dist/cli/commands.js and
// everything it imports, at start or on demand) with esbuild into one CommonJS file,
// dist/cli-bundle/dossier.cjs, then runs `dossier extract` on the seed once from it to save V8's
// code cache beside it (src/cli/cached-bundle.ts). `dossier` then reads one file and compiles
// little instead of resolving, reading and compiling some 350 modules (bench/cli-startup.mjs).
// - Our modules keep their own location: each `import.meta.url` becomes the URL of the module's
//   tsc output in dist/, so paths resolved from it (data/, the gazetteer index, dist/web, the
//   ingest worker's file, package.json) are the same as unbundled.
// - Packages: ES-module code (zod, the Markdown and HTML parsers, chrono-node…) is bundled; the
//   build fails if any CommonJS code or a file that reads beside itself (__dirname) would be:
//   those packages (and `keepExternal`) stay external, required or imported by Node as before.
// Usage: node scripts/bundle-cli.mjs   (after `tsc -p tsconfig.build.json`)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const outdir = path.join(dist, 'cli-bundle');
const outfile = path.join(outdir, 'dossier.cjs');
const codeCache = `${outfile}.cache`;
const nodeModules = realpathSync(path.join(root, 'node_modules'));

/**
 * ES-module entries left to Node: pdf.js inside unpdf and pdfkit read files beside their own (a worker, fonts);
 * commander, piscina and pg are CommonJS behind an ES-module wrapper. The build fails naming any new such package.
 */
const keepExternal = new Set(['unpdf', 'pdfkit', 'commander', 'piscina', 'pg']);

/** The `type` of the package.json nearest to a file ("module" or "commonjs"). */
const packageTypes = new Map();
function packageType(file) {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (packageTypes.has(dir)) return packageTypes.get(dir);
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const type = JSON.parse(readFileSync(manifest, 'utf8')).type === 'module' ? 'module' : 'commonjs';
      packageTypes.set(dir, type);
      return type;
    }
  }
  return 'commonjs';
}

const isEsModule = (file) =>
  file.endsWith('.mjs') || (!file.endsWith('.cjs') && file.endsWith('.js') && packageType(file) === 'module');

/** The package a bare specifier names ("zod", "@fastify/static"). */
const packageName = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** Bundles ES-module packages, leaves CommonJS ones (and `keepExternal`) to Node. */
const packagesPlugin = {
  name: 'packages',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData?.inner || args.path.startsWith('node:')) return undefined;
      const name = packageName(args.path);
      const resolved = await esbuild.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { inner: true },
      });
      if (resolved.errors.length > 0 || resolved.external) return { path: args.path, external: true };
      if (!keepExternal.has(name) && isEsModule(resolved.path)) return { path: resolved.path };
      // Left to Node, which resolves it from dist/cli-bundle/: it must be the copy at the top of node_modules.
      const nested = path.relative(nodeModules, resolved.path).includes('node_modules');
      if (nested) throw new Error(`${args.path} (imported by ${args.importer}) is a nested CommonJS copy`);
      return { path: args.path, external: true };
    });
  },
};

/** The bundle's own URL, set once at its top; each module's location is resolved from it. */
const bundleUrl = '__dossierBundleUrl';
const banner = `const ${bundleUrl} = require('node:url').pathToFileURL(__filename).href;`;

/** Each module's `import.meta.url` stays the URL of its file before bundling. */
const ownLocationPlugin = {
  name: 'own-location',
  setup(esbuild) {
    esbuild.onLoad({ filter: /\.m?js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (args.path.startsWith(nodeModules) && !isEsModule(args.path))
        throw new Error(`${args.path} is CommonJS behind an ES-module entry: keep its package external`);
      if (/\b__(dirname|filename)\b/.test(source) && args.path.startsWith(nodeModules))
        throw new Error(`${args.path} reads files beside itself (__dirname): keep its package external`);
      if (!source.includes('import.meta')) return undefined;
      const other = source.match(/import\.meta\.(?!url\b)\w+/);
      if (other) throw new Error(`${args.path} uses ${other[0]}, which the bundle does not keep`);
      const relative = path.relative(outdir, args.path).split(path.sep).join('/');
      const own = `new URL(${JSON.stringify(relative)}, ${bundleUrl}).href`;
      return { contents: source.replaceAll('import.meta.url', own), loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

const started = performance.now();
await rm(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: [path.join(dist, 'cli', 'commands.js')],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  banner: { js: banner },
  // Dynamic imports of external packages become require() (Node >= 20.19 requires ES modules too): a function
  // read from V8's code cache has lost the script's dynamic-import callback (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING).
  supported: { 'dynamic-import': false },
  // Error classes and the like keep their names when two modules' names collide in the one file.
  keepNames: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  plugins: [packagesPlugin, ownLocationPlugin],
});
const dynamicImport = /\bimport\(\s*["'`]/.exec(readFileSync(outfile, 'utf8'));
if (dynamicImport) throw new Error(`${outfile} still has a dynamic import at offset ${dynamicImport.index}`);
if (process.env.BUNDLE_METAFILE) writeFileSync(process.env.BUNDLE_METAFILE, JSON.stringify(result.metafile));

// The code cache: one extraction of the seed, run from the bundle, its output dropped (none where
// the seed is not there, as in the container's build stage: the bundle is compiled at each start).
const loader = pathToFileURL(path.join(dist, 'cli', 'cached-bundle.js')).href;
const seed = path.join(root, 'test-fixtures', 'seed-kazakhstan.txt');
const warm = !existsSync(seed)
  ? { status: 0 }
  : spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { runCachedBundle } = await import(${JSON.stringify(loader)});\n` +
          `process.exitCode = await runCachedBundle(${JSON.stringify(outfile)}, ['node', 'dossier', 'extract', ` +
          `${JSON.stringify(seed)}], { writeCache: true });`,
      ],
      { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
    );
if (warm.status !== 0) throw new Error(`writing the code cache: \`dossier extract\` exited ${warm.status}`);

const kb = (file) => (existsSync(file) ? `${(statSync(file).size / 1024).toFixed(0)} KB` : 'none');
const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stdout.write(
  `cli bundle: ${path.relative(root, outfile)} (${kb(outfile)}, code cache ${kb(codeCache)}, ${seconds} s)\n`,
);
