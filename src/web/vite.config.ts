// Vite build of the web UI: root src/web, output dist/web (served by the API server), no CDN.
// A virtual module maps ISO 3166 alpha-3 codes to the numeric ids world-atlas uses, generated
// at build time from world-countries so the browser never loads the whole country table.
import { fileURLToPath } from 'node:url';
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

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: false,
  plugins: [isoNumeric()],
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
