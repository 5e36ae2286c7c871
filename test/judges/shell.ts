/**
 * The POSIX shell judge: does a script that an `sh` step runs parse? `sh -n` by dash (Debian's
 * /bin/sh, a strict POSIX shell) and, when installed, by busybox's `sh` (the shell of the Kaniko
 * debug image, where the migrated steps run). Test-time only; nothing of it ships.
 *
 * The scripts come from the Groovy judge (test/judges/groovy.ts: `verdict.sh`), which reads them
 * as Groovy does: escapes decoded, each GString value `${…}`/`$name` already replaced by the word
 * GROOVY_VALUE, so what is judged is the shell text Jenkins would hand to the shell, up to values.
 *
 * API (other tests call it):
 *
 *   judgeShell(scripts: Array<{ name, script }>): ShellVerdict[]
 *     One `sh -n` per script and shell, each script a file, all run from one dash loop per shell
 *     (a fork there costs far less than a spawn from Node). Verdicts in input order:
 *     `{ name, ok, errors }`, an error being `{ shell, message }` with the shell's own message
 *     (`script: 3: Syntax error: "fi" unexpected`).
 *   shellsUsed(): string[] — the shells judging here (`dash`, and `busybox sh` when installed).
 *   shellErrorsText(verdict): string — one line per error, for assertion messages.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface ShellError {
  shell: string;
  message: string;
}

export interface ShellVerdict {
  name: string;
  ok: boolean;
  errors: ShellError[];
}

function onPath(program: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, program))) return join(dir, program);
  }
  return undefined;
}

interface Shell {
  label: string;
  /** Command words before `-n file` (paths from PATH, which hold no blanks on the machines we use). */
  command: string;
}

let shells: Shell[] | undefined;

function availableShells(): Shell[] {
  if (shells) return shells;
  const dash = onPath('dash');
  if (!dash) throw new Error('shell judge: dash is not on PATH (Debian: apt-get install dash; it is /bin/sh there)');
  shells = [{ label: 'dash', command: dash }];
  const busybox = onPath('busybox');
  if (busybox) shells.push({ label: 'busybox sh', command: `${busybox} sh` });
  return shells;
}

export function shellsUsed(): string[] {
  return availableShells().map((s) => s.label);
}

/** Runs `<shell> -n` on each file from one dash loop; prints one exit status a line. */
const DRIVER = 'shell=$1; shift; for f do $shell -n "$f" 2>"$f.err" </dev/null; echo $?; done';

export function judgeShell(scripts: Array<{ name: string; script: string }>): ShellVerdict[] {
  const judges = availableShells();
  const verdicts: ShellVerdict[] = scripts.map(({ name }) => ({ name, ok: true, errors: [] }));
  if (scripts.length === 0) return verdicts;
  const work = mkdtempSync(join(tmpdir(), 'shell-judge-'));
  try {
    const files = scripts.map(({ script }, i) => {
      const file = join(work, `${i}.sh`);
      writeFileSync(file, script);
      return file;
    });
    for (const shell of judges) {
      const run = spawnSync(judges[0].command, ['-c', DRIVER, 'judge', shell.command, ...files], { encoding: 'utf8', timeout: 120_000 });
      if (run.error) throw new Error(`shell judge: ${shell.label} could not run: ${run.error.message}`);
      const statuses = run.stdout.split('\n').filter(Boolean);
      if (run.status !== 0 || statuses.length !== files.length) throw new Error(`shell judge: the ${shell.label} loop failed (${run.status}): ${run.stderr}`);
      statuses.forEach((status, i) => {
        if (status === '0') return;
        // The shell names the file it read; the script's name says more.
        const message = readFileSync(`${files[i]}.err`, 'utf8').split(files[i]).join('script').trim();
        verdicts[i].ok = false;
        verdicts[i].errors.push({ shell: shell.label, message: message || `exit status ${status}` });
      });
    }
    return verdicts;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function shellErrorsText(verdict: ShellVerdict): string {
  return verdict.errors.map((e) => `${verdict.name}: ${e.message}`).join('\n');
}
