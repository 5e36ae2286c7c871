/**
 * The package version. Bundles (esbuild.mjs) get it as a constant; the compiled `out/` tree
 * reads it from package.json at the repository root.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

declare const JKA_BUNDLED_VERSION: string | undefined;

function manifestVersion(): string {
  try {
    // out/server/src/version.js → the repository's package.json.
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version?: string };
    return manifest.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const VERSION: string = typeof JKA_BUNDLED_VERSION === 'string' ? JKA_BUNDLED_VERSION : manifestVersion();
