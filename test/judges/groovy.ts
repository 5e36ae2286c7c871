/**
 * The Groovy judge: what Groovy 2.4.21 itself (Debian's `groovy` package, the Groovy that Jenkins
 * bundles) makes of a Jenkinsfile, compiled to the CONVERSION phase: syntax and AST building, no
 * class resolution (so unknown steps and classes are fine, as they are for Jenkins at parse time).
 * Test-time only; nothing of it ships.
 *
 * API (other tests call it):
 *
 *   judgeGroovy(sources: GroovySource[]): GroovyVerdict[]
 *     Compiles the whole batch in ONE JVM (about a second to start; each file then costs
 *     milliseconds), so call it once with everything a test needs, in a `before` hook.
 *     A source is `{ name, text }` (written to a temporary file) or `{ name, path }` (read as is).
 *     Verdicts come back in the order of `sources`, each `{ name, compiles, errors, crash? }`;
 *     an error is `{ line, column, message }` as Groovy reports it (1-based; 0 when Groovy gives
 *     no position). `crash` is set when the compiler itself threw (e.g. StackOverflowError):
 *     that is no verdict on the input, and `compiles` is false.
 *     A verdict on a file that compiles also carries, as Groovy reads them (escapes decoded, each
 *     GString value `${…}`/`$name` replaced by the word GROOVY_VALUE, variables, `+` and
 *     `.stripIndent()` followed): `sh`, the scripts of `sh` steps (`sh 'x'`, `sh(script: …)`);
 *     `yaml`, the pod YAML of `yaml …` and `podTemplate(yaml: …)`; `yamlFiles`, the paths of
 *     `yamlFile`. Each is `{ line, column, text }`. Strings Groovy cannot read statically (a
 *     method's result, `env.X` as a whole script) are left out.
 *     Throws GroovyJudgeUnavailable (with what to do) when groovy or a Java runtime is missing.
 *
 *   groovyErrorsText(verdict): string — `name:line:column: message` lines, for assertion messages.
 *   findJavaHome(): string — the Java home the judge runs groovy with (see below).
 *   groovyJudgeStats.jvms — how many JVMs this process started (tests check one per batch).
 *
 * Java: Debian's launcher stops with "JAVA_HOME is not defined correctly" when JAVA_HOME is unset
 * and /usr/lib/jvm/default-java is missing (a JRE installed without default-jre-headless), so the
 * judge picks JAVA_HOME itself: $JAVA_HOME when it holds bin/java, else default-java, else the
 * `java` on PATH with its symlinks resolved, else the first /usr/lib/jvm/<x>/bin/java.
 * `scripts/setup-groovy.sh` installs groovy and a headless JRE on a fresh machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

export type GroovySource = { name: string; text: string | Buffer } | { name: string; path: string };

export interface GroovyError {
  line: number;
  column: number;
  message: string;
}

/** A string literal's value at a call, where Groovy's AST has it. */
export interface EmbeddedString {
  line: number;
  column: number;
  text: string;
}

/** Stands for each GString value in `sh`, `yaml` and `yamlFiles` texts. */
export const GROOVY_VALUE = 'GROOVY_VALUE';

export interface GroovyVerdict {
  name: string;
  compiles: boolean;
  errors: GroovyError[];
  sh: EmbeddedString[];
  yaml: EmbeddedString[];
  yamlFiles: EmbeddedString[];
  /** The compiler itself failed on this input: not a verdict about the input. */
  crash?: string;
}

export class GroovyJudgeUnavailable extends Error {
  override name = 'GroovyJudgeUnavailable';
}

export const groovyJudgeStats = { jvms: 0 };

/** The Groovy version the judge must be: the one Jenkins bundles and Debian packages. */
export const EXPECTED_GROOVY_VERSION = '2.4.21';

const SETUP_HINT = "run `bash scripts/setup-groovy.sh` (as root it installs Debian's groovy and a headless JRE)";

export function findJavaHome(): string {
  const hasJava = (home: string) => existsSync(join(home, 'bin', 'java'));
  const fromEnv = process.env.JAVA_HOME;
  if (fromEnv && hasJava(fromEnv)) return fromEnv;
  if (hasJava('/usr/lib/jvm/default-java')) return '/usr/lib/jvm/default-java';
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'java');
    if (!dir || !existsSync(candidate)) continue;
    const home = dirname(dirname(realpathSync(candidate)));
    if (hasJava(home)) return home;
  }
  if (existsSync('/usr/lib/jvm')) {
    const homes = readdirSync('/usr/lib/jvm')
      .sort()
      .map((name) => join('/usr/lib/jvm', name))
      .filter(hasJava);
    if (homes.length > 0) return homes[0];
  }
  throw new GroovyJudgeUnavailable(`no Java runtime found (JAVA_HOME, /usr/lib/jvm, PATH): ${SETUP_HINT}`);
}

function findGroovy(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'groovy'))) return join(dir, 'groovy');
  }
  throw new GroovyJudgeUnavailable(`groovy is not on PATH: ${SETUP_HINT}`);
}

/** test/judges/<file> in the source tree, found by walking up from the compiled helper. */
function judgeFile(file: string): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'test', 'judges', file);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`test/judges/${file} not found above ${__dirname}`);
  }
}

interface ScriptOutput {
  jvm: string;
  groovy: string;
  verdicts: Array<{
    path: string;
    compiles: boolean;
    errors: GroovyError[];
    crash?: string;
    sh?: EmbeddedString[];
    yaml?: EmbeddedString[];
    yamlFiles?: EmbeddedString[];
  }>;
}

/** The last batch's JVM name (`pid@host`) and Groovy version, for the judge's own tests. */
export let lastBatch: { jvm: string; groovy: string } | undefined;

export function judgeGroovy(sources: GroovySource[]): GroovyVerdict[] {
  if (sources.length === 0) return [];
  const groovy = findGroovy();
  const javaHome = findJavaHome();
  const work = mkdtempSync(join(tmpdir(), 'groovy-judge-'));
  try {
    const paths = sources.map((source, index) => {
      if ('path' in source) return source.path;
      const file = join(work, `${index}.groovy`);
      writeFileSync(file, source.text);
      return file;
    });
    if (paths.some((p) => /[\r\n]/.test(p))) throw new Error('groovy judge: a path with a line break cannot go into the list file');
    const list = join(work, 'list.txt');
    const output = join(work, 'verdicts.json');
    writeFileSync(list, paths.join('\n') + '\n');
    groovyJudgeStats.jvms++;
    const run = spawnSync(groovy, [judgeFile('groovy-syntax-check.groovy'), list, output], {
      // Quick start and a small collector: the batch is short-lived and the machine is shared.
      env: { ...process.env, JAVA_HOME: javaHome, JAVA_OPTS: '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx1g' },
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (run.error) throw new GroovyJudgeUnavailable(`groovy could not run (${run.error.message}): ${SETUP_HINT}`);
    if (run.status !== 0 || !existsSync(output)) {
      throw new GroovyJudgeUnavailable(`groovy exited with ${run.status ?? run.signal} (JAVA_HOME=${javaHome}):\n${run.stderr}${run.stdout}\n${SETUP_HINT}`);
    }
    const result = JSON.parse(readFileSync(output, 'utf8')) as ScriptOutput;
    lastBatch = { jvm: result.jvm, groovy: result.groovy };
    if (result.verdicts.length !== sources.length) throw new Error(`groovy judge: ${result.verdicts.length} verdicts for ${sources.length} sources`);
    return result.verdicts.map((verdict, index) => ({
      name: sources[index].name,
      compiles: verdict.compiles,
      errors: verdict.errors,
      sh: verdict.sh ?? [],
      yaml: verdict.yaml ?? [],
      yamlFiles: verdict.yamlFiles ?? [],
      ...(verdict.crash ? { crash: verdict.crash } : {}),
    }));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function groovyErrorsText(verdict: GroovyVerdict): string {
  if (verdict.crash) return `${verdict.name}: the Groovy compiler crashed: ${verdict.crash}`;
  return verdict.errors.map((e) => `${verdict.name}:${e.line}:${e.column}: ${e.message}`).join('\n');
}
