import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Reads test/fixtures/seed/<name> (the seed Jenkinsfile and the article's results), found by walking up from the compiled test. */
export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** Absolute path of test/fixtures/seed/<name>. */
export function fixturePath(name: string): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'test', 'fixtures', 'seed', name);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`fixture ${name} not found above ${__dirname}`);
  }
}
