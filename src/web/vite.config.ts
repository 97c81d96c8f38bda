// Vite build of the web UI: root src/web, output dist/web (served by the API server), no CDN.
// A virtual module maps ISO 3166 alpha-3 codes to the numeric ids world-atlas uses, generated
// at build time from world-countries so the browser never loads the whole country table.
// The hashed assets are compressed once here (brotli at its best quality and gzip, `.br` and `.gz`
// beside each file), so the server sends them as they are instead of compressing on each request.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { defineConfig, type Plugin } from 'vite';
import countries from 'world-countries';

const isoNumericId = 'virtual:iso-numeric';

function isoNumeric(): Plugin {
  return {
    name: 'dossier-iso-numeric',
    resolveId: (id) => (id === isoNumericId ? `\0${isoNumericId}` : null),
    load(id) {
      if (id !== `\0${isoNumericId}`) return null;
      const map = Object.fromEntries(countries.filter((c) => c.ccn3).map((c) => [c.cca3, c.ccn3]));
      return `export default ${JSON.stringify(map)};`;
    },
  };
}

/**
 * Writes `<asset>.br` and `<asset>.gz` beside each built asset (when smaller than the asset). The files
 * are noted when written and compressed once the bundle is closed (zlib's threads, outside the bundler's callbacks).
 */
function precompress(): Plugin {
  const brotli = promisify(brotliCompress);
  const gz = promisify(gzip);
  let files: string[] = [];
  const compressOne = async (file: string) => {
    // Small files too: the server compresses a file it sends as a stream whatever its size, when it has no copy.
    const plain = await readFile(file);
    const [br, gzipped] = await Promise.all([
      brotli(plain, {
        params: {
          [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
          [zlibConstants.BROTLI_PARAM_SIZE_HINT]: plain.length,
        },
      }),
      gz(plain, { level: 9 }),
    ]);
    if (br.length < plain.length) await writeFile(`${file}.br`, br);
    if (gzipped.length < plain.length) await writeFile(`${file}.gz`, gzipped);
  };
  return {
    name: 'dossier-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      files = Object.keys(bundle)
        .filter((name) => name.startsWith('assets/') && /\.(js|css|json|svg)$/.test(name))
        .map((name) => path.join(options.dir ?? '', name));
    },
    async closeBundle() {
      await Promise.all(files.map(compressOne));
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: false,
  plugins: [isoNumeric(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/openapi.json': 'http://127.0.0.1:8080' } },
});
