// Build step (run by `npm run build` after tsc): bundles the CLI with esbuild into two CommonJS
// files, each with V8's code cache saved beside it (src/cli/cached-bundle.ts) by one run of
// `dossier extract` on the seed from it: dist/cli-bundle/dossier.cjs (dist/cli/commands.js, every
// command, and everything it imports, at start or on demand) and dist/cli-bundle/extract.cjs
// (dist/cli/extract-entry.js: `dossier extract` alone, without the stores, the server or the
// export formats). `dossier` then reads one file and compiles little instead of resolving, reading
// and compiling some 350 modules (bench/cli-startup.mjs).
// - Our modules keep their own location: each `import.meta.url` becomes the URL of the module's
//   tsc output in dist/, so paths resolved from it (data/, the gazetteer index, dist/web, the
//   ingest worker's file, package.json) are the same as unbundled.
// - Packages: ES-module code (zod, the Markdown and HTML parsers, chrono-node…) and the CommonJS
//   packages of `bundledCommonJs` are bundled; the build fails if any other CommonJS code or a file
//   that reads beside itself (__dirname) would be: those packages (and `keepExternal`) stay
//   external, required or imported by Node as before.
// Usage: node scripts/bundle-cli.mjs   (after `tsc -p tsconfig.build.json`)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { extractBundleRewrite, leftToNodePlugin } from './bundle-cli-extract.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const outdir = path.join(dist, 'cli-bundle');
const nodeModules = realpathSync(path.join(root, 'node_modules'));

/**
 * ES-module entries left to Node: pdf.js inside unpdf and pdfkit read files beside their own (a worker, fonts);
 * piscina and pg are CommonJS behind an ES-module wrapper. The build fails naming any new such package.
 */
const keepExternal = new Set(['unpdf', 'pdfkit', 'piscina', 'pg']);

/**
 * CommonJS packages bundled all the same (plain code that reads no file beside its own, checked below): commander,
 * behind an ES-module wrapper, which every command loads. Node would resolve, read and compile its files at each
 * start; in the bundle they come with its code cache.
 */
const bundledCommonJs = new Set(['commander']);

/**
 * Packages and Node built-ins loaded when first used rather than at start, each by a stand-in: 'module' stands for the
 * whole module (its `module.exports`, or the default import of an ES module importer, a proxy whose first property
 * read loads the real one), a list of names for an ES module's named imports (each a function that calls or
 * constructs the real one; importing another name fails the build). In both bundles: chardet and iconv-lite (only a
 * document in a legacy encoding needs them); commander's child_process (for subcommands' own executables: none here);
 * htmlparser2 (only HTML and Word documents need it; its entity decoder unpacks the HTML entity table as it loads,
 * some 15 ms of each start).
 */
const lazyEverywhere = new Map([
  ['chardet', 'module'],
  ['iconv-lite', 'module'],
  ['node:child_process', 'module'],
  ['htmlparser2', ['Parser']],
]);

/**
 * In the extract bundle also the packages of the PDF and Word readers, which that bundle holds from the start (see
 * scripts/bundle-cli-extract.mjs).
 */
const lazyInExtract = new Map([
  ...lazyEverywhere,
  ['unpdf', ['getResolvedPDFJS']],
  ['mammoth', 'module'],
  ['yauzl', 'module'],
  ['node:zlib', ['crc32', 'inflateRawSync']],
]);
const lazyNamespace = 'lazy-package';

/** The package a file of node_modules belongs to ("commander", "@scope/name"). */
const packageOfFile = (file) => packageName(path.relative(nodeModules, file).split(path.sep).join('/'));

/** Source without its comments, roughly (for the checks only: a comment may name __dirname). */
const withoutComments = (source) => source.replace(/\/\*[\s\S]*?\*\/|(^|[^:'"`])\/\/.*$/gm, '$1');

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

/**
 * Bundles ES-module packages, leaves CommonJS ones (and `keepExternal`) to Node; those of `lazy` (see lazyEverywhere)
 * are imported through their stand-ins.
 */
const packagesPlugin = (lazy) => ({
  name: 'packages',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData?.inner) return undefined;
      if (lazy.has(args.path) && args.namespace !== lazyNamespace) return { path: args.path, namespace: lazyNamespace };
      if (args.path.startsWith('node:')) return undefined;
      const name = packageName(args.path);
      const resolved = await esbuild.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { inner: true },
      });
      if (resolved.errors.length > 0 || resolved.external) return { path: args.path, external: true };
      if (!keepExternal.has(name) && (isEsModule(resolved.path) || bundledCommonJs.has(name)))
        return { path: resolved.path };
      // Left to Node, which resolves it from dist/cli-bundle/: it must be the copy at the top of node_modules.
      const nested = path.relative(nodeModules, resolved.path).includes('node_modules');
      if (nested) throw new Error(`${args.path} (imported by ${args.importer}) is a nested CommonJS copy`);
      return { path: args.path, external: true };
    });
  },
});

/**
 * The stand-in of a `lazy` package or built-in (see lazyEverywhere): it requires the real one when first used (a
 * bundled ES-module package becomes modules that esbuild initialises on that first require).
 */
const lazyPackagesPlugin = (lazy) => ({
  name: 'lazy-packages',
  setup(esbuild) {
    esbuild.onLoad({ filter: /.*/, namespace: lazyNamespace }, (args) => {
      const shape = lazy.get(args.path);
      const load = ['let loaded;', `const load = () => (loaded ??= require(${JSON.stringify(args.path)}));`];
      const wholeModule = [
        'module.exports = new Proxy({}, {',
        '  get(_, key) {',
        '    const value = load()[key];',
        "    return typeof value === 'function' ? value.bind(loaded) : value;",
        '  },',
        '  has: (_, key) => key in load(),',
        '});',
      ];
      const named = (name) => [
        `export function ${name}(...args) {`,
        `  const real = load()[${JSON.stringify(name)}];`,
        '  return new.target ? Reflect.construct(real, args) : real.apply(this, args);',
        '}',
      ];
      const contents = [...load, ...(shape === 'module' ? wholeModule : shape.flatMap(named))].join('\n');
      return { contents, loader: 'js', resolveDir: root };
    });
  },
});

/** The bundle's own URL, set once at its top; each module's location is resolved from it. */
const bundleUrl = '__dossierBundleUrl';
const banner = `const ${bundleUrl} = require('node:url').pathToFileURL(__filename).href;`;

/**
 * Each module's `import.meta.url` stays the URL of its file before bundling; `rewrite` (when given) transforms the
 * source of each module of dist/.
 */
const ownLocationPlugin = (rewrite) => ({
  name: 'own-location',
  setup(esbuild) {
    esbuild.onLoad({ filter: /\.m?js$/ }, async (args) => {
      const read = await readFile(args.path, 'utf8');
      const source = rewrite && args.path.startsWith(dist + path.sep) ? rewrite(read, args.path) : read;
      const ofPackage = args.path.startsWith(nodeModules);
      if (ofPackage && !isEsModule(args.path) && !bundledCommonJs.has(packageOfFile(args.path)))
        throw new Error(`${args.path} is CommonJS behind an ES-module entry: keep its package external`);
      if (ofPackage && /\b__(dirname|filename)\b/.test(withoutComments(source)))
        throw new Error(`${args.path} reads files beside itself (__dirname): keep its package external`);
      if (!source.includes('import.meta'))
        return source === read ? undefined : { contents: source, loader: 'js', resolveDir: path.dirname(args.path) };
      const other = source.match(/import\.meta\.(?!url\b)\w+/);
      if (other) throw new Error(`${args.path} uses ${other[0]}, which the bundle does not keep`);
      const relative = path.relative(outdir, args.path).split(path.sep).join('/');
      const own = `new URL(${JSON.stringify(relative)}, ${bundleUrl}).href`;
      return { contents: source.replaceAll('import.meta.url', own), loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
});

/**
 * zod's locales: its root exports them all (`z.locales`, some 400 KB of the bundle); this program uses English, zod's
 * default, only. The bundle's `z.locales` holds `en` alone.
 */
const zodLocalesPlugin = {
  name: 'zod-english-only',
  setup(esbuild) {
    esbuild.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";\n',
      loader: 'js',
      resolveDir: path.dirname(args.path),
    }));
  },
};

/** Bundles `entry` into `outfile` and returns esbuild's metafile. */
async function bundle({ entry, outfile, lazy, rewrite, plugins = [] }) {
  const result = await build({
    entryPoints: [entry],
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
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    plugins: [...plugins, packagesPlugin(lazy), lazyPackagesPlugin(lazy), zodLocalesPlugin, ownLocationPlugin(rewrite)],
  });
  const output = readFileSync(outfile, 'utf8');
  const dynamicImport = /\bimport\(\s*["'`]/.exec(output);
  if (dynamicImport) throw new Error(`${outfile} still has a dynamic import at offset ${dynamicImport.index}`);
  writeFileSync(outfile, withNamesSetOnlyWhereNeeded(output, outfile));
  return result.metafile;
}

/**
 * esbuild's `keepNames` calls `__name(fn, "name")` on each of some 1,700 functions and classes at start, each a
 * defineProperty that turns the function's properties into a dictionary of its own (1.1 MB, the garbage collector's
 * work). Most functions already bear that name (only those esbuild renamed, `string2` for `string`, do not): the
 * helper now sets the name only where it differs, which leaves every name as keepNames makes it.
 */
function withNamesSetOnlyWhereNeeded(output, outfile) {
  const helper = 'var __name=(target,value2)=>__defProp(target,"name",{value:value2,configurable:!0});';
  if (!output.includes(helper)) throw new Error(`${outfile}: esbuild's __name helper is not the one expected`);
  return output.replace(
    helper,
    'var __name=(target,value2)=>target.name===value2?target:__defProp(target,"name",{value:value2,configurable:!0});',
  );
}

/**
 * The code cache of a bundle: one extraction of the seed, run from it, its output dropped (none where the seed is not
 * there, as in the container's build stage: the bundle is compiled at each start).
 */
function writeCodeCache(outfile) {
  const loader = pathToFileURL(path.join(dist, 'cli', 'cached-bundle.js')).href;
  const seed = path.join(root, 'test-fixtures', 'seed-kazakhstan.txt');
  if (!existsSync(seed)) return;
  const warm = spawnSync(
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
  if (warm.status !== 0)
    throw new Error(`writing the code cache of ${outfile}: \`dossier extract\` exited ${warm.status}`);
}

const bundles = [
  {
    name: 'dossier',
    entry: path.join(dist, 'cli', 'commands.js'),
    outfile: path.join(outdir, 'dossier.cjs'),
    lazy: lazyEverywhere,
  },
  {
    name: 'extract',
    entry: path.join(dist, 'cli', 'extract-entry.js'),
    outfile: path.join(outdir, 'extract.cjs'),
    lazy: lazyInExtract,
    rewrite: await extractBundleRewrite(dist),
    plugins: [leftToNodePlugin],
  },
];
const kb = (file) => (existsSync(file) ? `${(statSync(file).size / 1024).toFixed(0)} KB` : 'none');
await rm(outdir, { recursive: true, force: true });
for (const { name, ...options } of bundles) {
  const { outfile } = options;
  const started = performance.now();
  const metafile = await bundle(options);
  // BUNDLE_METAFILE=/tmp/meta: esbuild's metafile of each bundle, /tmp/meta.dossier.json and /tmp/meta.extract.json.
  if (process.env.BUNDLE_METAFILE)
    writeFileSync(`${process.env.BUNDLE_METAFILE}.${name}.json`, JSON.stringify(metafile));
  writeCodeCache(outfile);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const sizes = `${kb(outfile)}, code cache ${kb(`${outfile}.cache`)}`;
  process.stdout.write(`cli bundle: ${path.relative(root, outfile)} (${sizes}, ${seconds} s)\n`);
}
