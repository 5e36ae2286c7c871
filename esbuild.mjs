// Bundles the VS Code client, the language server and the CLI separately: the .vsix ships the
// first two and no node_modules; the npm package (scripts/npm-package.mjs) the last two.
//   node esbuild.mjs               development: readable, with source maps
//   node esbuild.mjs --production  what `npm run package` ships: minified, no source maps
//   node esbuild.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// The server and the CLI are also the npm package's two bins (scripts/npm-package.mjs), hence the shebang.
const SHEBANG = { js: '#!/usr/bin/env node' };
const bundles = [
  { name: 'client', entry: 'client/src/extension.ts', outfile: 'dist/client.js' },
  { name: 'server', entry: 'server/src/server.ts', outfile: 'dist/server.js', banner: SHEBANG },
  { name: 'cli', entry: 'server/src/cli/main.ts', outfile: 'dist/cli.js', banner: SHEBANG },
];

/**
 * `import * as fs from 'node:fs'` bundles as a copy of the module's exports with a getter for each
 * property (esbuild's `__toESM` interop), made when the importing module is first loaded; in a
 * one-file `check` those copies cost ~4 ms (bench/NOTES.md). Node's built-in modules are plain
 * CommonJS objects, so such imports are bundled as TypeScript's `import fs = require('node:fs')`:
 * the same object, no copy. The sources keep the ordinary form.
 */
const builtinNamespaceImports = {
  name: 'builtin-namespace-imports',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes('node_modules')) return undefined;
      const source = await readFile(args.path, 'utf8');
      return { contents: source.replace(/^import \* as (\w+) from '(node:[\w/]+)';$/gm, "import $1 = require('$2');"), loader: 'ts' };
    });
  },
};

/** @type {import('esbuild').BuildOptions} */
const common = {
  plugins: [builtinNamespaceImports],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Provided by the extension host at run time; never bundle it.
  external: ['vscode'],
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  absWorkingDir: root,
  // server/src/version.ts: the bundles carry the version instead of looking for package.json.
  define: { JKA_BUNDLED_VERSION: JSON.stringify(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version) },
};

let built = 0;
for (const bundle of bundles) {
  const outfile = join(root, bundle.outfile);
  if (!existsSync(join(root, bundle.entry))) {
    // Lets packaging be tried before every entry point exists; the .vsix test still insists.
    console.warn(`esbuild: skipping ${bundle.name}: ${bundle.entry} does not exist (yet)`);
    continue;
  }
  // A stale map next to a minified bundle would point at code that is not there.
  rmSync(`${outfile}.map`, { force: true });
  const options = { ...common, entryPoints: [bundle.entry], outfile, ...(bundle.banner ? { banner: bundle.banner } : {}) };
  if (watch) {
    const context = await esbuild.context(options);
    await context.watch();
    console.log(`esbuild: watching ${bundle.entry}`);
  } else {
    try {
      await esbuild.build(options);
    } catch {
      // esbuild has already printed the errors with their locations; a stack trace adds nothing.
      process.exitCode = 1;
      continue;
    }
    const kib = (statSync(outfile).size / 1024).toFixed(1);
    console.log(`esbuild: ${bundle.outfile} ${kib} KiB${production ? ' (production)' : ''}`);
  }
  built += 1;
}
if (built === 0 && !process.exitCode) {
  console.error('esbuild: nothing to bundle');
  process.exitCode = 1;
}
