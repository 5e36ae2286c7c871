/**
 * Runs the real Groovy 2.4 compiler (one JVM for a whole batch) and returns its outline of each
 * source: see groovy/outline.groovy. Tests use it to prove that our tree is Groovy's reading.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { findJavaHome } from '../../judges/groovy';

const SCRIPT = path.join(__dirname, '../../../../test/unit/parser/groovy/outline.groovy');

/** Groovy's outline per id. Throws (failing the test) when Groovy cannot be run: these tests need it. */
export function groovyOutlines(sources: Record<string, string>): Record<string, string> {
  const result = spawnSync('groovy', [SCRIPT], {
    input: JSON.stringify(sources),
    encoding: 'utf8',
    env: { ...process.env, JAVA_HOME: findJavaHome() },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error || result.status !== 0) {
    throw new Error(`Groovy could not be run (run 'bash scripts/setup-groovy.sh'): ${result.error?.message ?? result.stderr}`);
  }
  return JSON.parse(result.stdout) as Record<string, string>;
}
