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
 *     One `sh -n` per script and shell (a few milliseconds each). Verdicts in input order:
 *     `{ name, ok, errors }`, an error being `{ shell, message }` with the shell's own message
 *     (`dash: 3: Syntax error: "fi" unexpected`).
 *   shellsUsed(): string[] — the shells judging here (`dash`, and `busybox sh` when installed).
 *   shellErrorsText(verdict): string — one line per error, for assertion messages.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
  command: string;
  args: string[];
}

let shells: Shell[] | undefined;

function availableShells(): Shell[] {
  if (shells) return shells;
  const dash = onPath('dash');
  if (!dash) throw new Error('shell judge: dash is not on PATH (Debian: apt-get install dash; it is /bin/sh there)');
  shells = [{ label: 'dash', command: dash, args: ['-n'] }];
  const busybox = onPath('busybox');
  if (busybox) shells.push({ label: 'busybox sh', command: busybox, args: ['sh', '-n'] });
  return shells;
}

export function shellsUsed(): string[] {
  return availableShells().map((s) => s.label);
}

export function judgeShell(scripts: Array<{ name: string; script: string }>): ShellVerdict[] {
  const judges = availableShells();
  return scripts.map(({ name, script }) => {
    const errors: ShellError[] = [];
    for (const shell of judges) {
      // The script on standard input: `sh -n` reads it like a script file, with no argument quoting.
      const run = spawnSync(shell.command, shell.args, { input: script, encoding: 'utf8', timeout: 30_000 });
      if (run.error) throw new Error(`shell judge: ${shell.label} could not run: ${run.error.message}`);
      if (run.status !== 0) errors.push({ shell: shell.label, message: (run.stderr || run.stdout || `exit ${run.status ?? run.signal}`).trim() });
    }
    return { name, ok: errors.length === 0, errors };
  });
}

export function shellErrorsText(verdict: ShellVerdict): string {
  return verdict.errors.map((e) => `${verdict.name}: ${e.message}`).join('\n');
}
