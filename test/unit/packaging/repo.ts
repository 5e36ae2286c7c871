import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root: the nearest folder above this file whose package.json is ours. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'jenkinsfile-kaniko-assistant') {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`no jenkinsfile-kaniko-assistant package.json above ${__dirname}`);
    }
    dir = parent;
  }
}
