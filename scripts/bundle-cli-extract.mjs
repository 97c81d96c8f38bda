// The extract bundle's own transforms (used by scripts/bundle-cli.mjs for dist/cli-bundle/extract.cjs,
// the bundle `dossier extract FILE` runs from): each rewrites the source of one of our modules of
// dist/ before esbuild reads it, so that the bundle holds, and a start runs, only what the command
// uses. The whole CLI's bundle (dossier.cjs) takes none: the server needs every schema of the model
// registered (its OpenAPI document reads zod's global registry), and its commands load on demand.
// - importModelModules: imports of the model's index name the model modules defining the names;
// - onDemandImports: on-demand imports of the modules on the command's way become static ones,
//   the others are left to Node;
// - pureModelSchemas: the model's zod schema constructions are marked free of side effects.
// With all our modules in the bundle's one scope (no module imported on demand, hence none wrapped
// in a lazily initialised function), esbuild drops what no one uses: the schemas of the model (the
// command validates nothing with them; some 160 were built at each start) and with them most of zod.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Modules of dist/ that the CLI's modules import on demand (`await import(…)`, so that other commands and `--help`
 * load less) and `dossier extract` loads at start: the pipeline, the output, the errors; the PDF and Word readers too
 * (their packages, unpdf, mammoth, yauzl and zlib, become stand-ins loaded when first used: see lazyInExtract in
 * bundle-cli.mjs).
 */
const eagerModules = [
  'core/profile-pipeline.js',
  'core/outline-formatter.js',
  'core/document-limits.js',
  'model/errors.js',
  'cli/output.js',
  'ingest/pdf-reader.js',
  'ingest/docx-reader.js',
];

/** Which module of the model (dist/model/) defines each name its index (`export *` of them all) exports. */
export async function modelExportOwners(dist) {
  const owners = new Map();
  const modelDir = path.join(dist, 'model');
  for (const file of readdirSync(modelDir).sort()) {
    if (!file.endsWith('.js') || file === 'index.js') continue;
    for (const name of Object.keys(await import(pathToFileURL(path.join(modelDir, file)).href)))
      if (!owners.has(name)) owners.set(name, file);
  }
  return owners;
}

/** `a, b as c,` → ['a', 'b as c']. */
const specifiers = (list) =>
  list
    .split(',')
    .map((specifier) => specifier.trim())
    .filter(Boolean);

/**
 * A module's imports of the model's index as imports of the model's modules that define the names (static imports,
 * and `const { … } = await import(…)` of names that one module defines); any other form is left as it is.
 */
export function importModelModules(source, owners) {
  const ownerOf = (specifier) => owners.get(specifier.split(/\s+as\s+/)[0]);
  const staticImports = source.replace(
    /import\s*\{([^}]*)\}\s*from\s*'((?:\.\.\/)+)model\/index\.js';/g,
    (whole, list, up) => {
      const byOwner = new Map();
      for (const specifier of specifiers(list)) {
        const owner = ownerOf(specifier);
        if (!owner) return whole;
        byOwner.set(owner, [...(byOwner.get(owner) ?? []), specifier]);
      }
      return [...byOwner]
        .map(([owner, names]) => `import { ${names.join(', ')} } from '${up}model/${owner}';`)
        .join(' ');
    },
  );
  return staticImports.replace(
    /(const\s*\{([^}]*)\}\s*=\s*await import\(')((?:\.\.\/)+)model\/index\.js'\)/g,
    (whole, head, list, up) => {
      const modules = new Set(specifiers(list).map(ownerOf));
      const [owner] = modules;
      return modules.size === 1 && owner ? `${head}${up}model/${owner}')` : whole;
    },
  );
}

/** The prefix of an on-demand import the extract bundle leaves to Node (see onDemandImports). */
const leftToNode = 'dossier-left-to-node:';

/**
 * A module's on-demand imports of our modules (`file`: the module): those of `eagerModules` as static imports of their
 * namespaces, the others left to Node (commands' helpers that `dossier extract` never runs, such as the stores behind
 * core/index.js: bundled on demand, esbuild would wrap every module they share with the command in a lazily
 * initialised function, and keep what no one uses).
 */
export function onDemandImports(source, file, dist) {
  const statics = [];
  const rewritten = source.replace(/\bimport\('(\.{1,2}\/[^']+)'\)/g, (whole, specifier) => {
    const target = path
      .relative(dist, path.resolve(path.dirname(file), specifier))
      .split(path.sep)
      .join('/');
    if (!eagerModules.includes(target)) return `import('${leftToNode}${target}')`;
    const name = `__eager${statics.length}`;
    statics.push(`import * as ${name} from '${specifier}';`);
    return `Promise.resolve(${name})`;
  });
  return statics.length === 0 ? rewritten : `${statics.join('\n')}\n${rewritten}`;
}

/** The imports onDemandImports leaves to Node, as requires of the module's file in dist/ from the bundle's folder. */
export const leftToNodePlugin = {
  name: 'left-to-node',
  setup(esbuild) {
    esbuild.onResolve({ filter: new RegExp(`^${leftToNode}`) }, (args) => ({
      path: `../${args.path.slice(leftToNode.length)}`,
      external: true,
    }));
  },
};

/** zod functions that do more than build a schema (parse, report, configure): never marked free of side effects. */
const zodEffects = [
  'config',
  'parse',
  'safeParse',
  'parseAsync',
  'safeParseAsync',
  'encode',
  'decode',
  'setErrorMap',
  'toJSONSchema',
  'prettifyError',
  'treeifyError',
  'flattenError',
  'formatError',
];

/** Methods of a schema that build another schema (marked free of side effects when called on a `…Schema`). */
const schemaBuilders = [
  'optional',
  'nullable',
  'nullish',
  'array',
  'extend',
  'merge',
  'pick',
  'omit',
  'partial',
  'required',
  'strict',
  'describe',
  'meta',
  'default',
  'refine',
  'and',
  'or',
];

/**
 * A model module's zod schema constructions (`z.object(…)…`, `z.enum(…)`, `XSchema.extend(…)`…) marked free of side
 * effects, so that the bundle drops those whose schema it never uses. Their one side effect, registering OpenAPI names
 * in zod's global registry, matters to the API only.
 */
export function pureModelSchemas(source, file, dist) {
  if (!file.startsWith(path.join(dist, 'model') + path.sep)) return source;
  const zodCall = new RegExp(`(?<![\\w.$])z(\\s*)\\.(?!(?:${zodEffects.join('|')})\\b)(\\w+)\\(`, 'g');
  const builderCall = new RegExp(`(?<![\\w.$])([A-Z]\\w*Schema)(\\s*)\\.(${schemaBuilders.join('|')})\\(`, 'g');
  return source.replace(zodCall, '/* @__PURE__ */ z$1.$2(').replace(builderCall, '/* @__PURE__ */ $1$2.$3(');
}

/** The extract bundle's transform of a module of dist/ (see the header). */
export async function extractBundleRewrite(dist) {
  const owners = await modelExportOwners(dist);
  return (source, file) =>
    pureModelSchemas(onDemandImports(importModelModules(source, owners), file, dist), file, dist);
}
