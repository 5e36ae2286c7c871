/**
 * Runs the real Groovy 2.4 compiler (one JVM for a whole batch) and returns its outline of each
 * source: see groovy/outline.groovy. Tests use it to prove that our tree is Groovy's reading.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SCRIPT = path.join(__dirname, '../../../../test/unit/parser/groovy/outline.groovy');

/** A JDK for Groovy: $JAVA_HOME, else the newest /usr/lib/jvm/java-* (Debian has no default-java link here). */
function javaHome(): string | undefined {
  if (process.env.JAVA_HOME && fs.existsSync(path.join(process.env.JAVA_HOME, 'bin', 'java'))) return process.env.JAVA_HOME;
  const root = '/usr/lib/jvm';
  if (!fs.existsSync(root)) return undefined;
  const homes = fs.readdirSync(root).filter((d) => /^java-\d+/.test(d) && fs.existsSync(path.join(root, d, 'bin', 'java')));
  homes.sort((a, b) => Number(/\d+/.exec(b)![0]) - Number(/\d+/.exec(a)![0]));
  return homes.length > 0 ? path.join(root, homes[0]) : undefined;
}

/** Groovy's outline per id. Throws (failing the test) when Groovy cannot be run: these tests need it. */
export function groovyOutlines(sources: Record<string, string>): Record<string, string> {
  const home = javaHome();
  const result = spawnSync('groovy', [SCRIPT], {
    input: JSON.stringify(sources),
    encoding: 'utf8',
    env: { ...process.env, ...(home ? { JAVA_HOME: home } : {}) },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error || result.status !== 0) {
    throw new Error(`Groovy could not be run (install the Debian package 'groovy' and a JDK): ${result.error?.message ?? result.stderr}`);
  }
  return JSON.parse(result.stdout) as Record<string, string>;
}
