/**
 * Shell scripts of `sh` steps as the migration sees them: pipelines ("units") joined by
 * `&&`, `||`, `;` or newlines. What each command is comes from `docker/` and `aws/`.
 */
import type { ShellCommand } from '../model';

export interface ShellUnit {
  /** Top-level commands joined by `|`. */
  commands: ShellCommand[];
  start: number;
  end: number;
  /** Operator after the unit (`&&`, `||`, `;`, `&`, newline), if any. */
  next?: string;
  /** Commands inside `$(…)`/backticks of this unit's words. */
  inner: ShellCommand[];
}

export function shellUnits(commands: readonly ShellCommand[]): ShellUnit[] {
  const top = commands.filter((c) => !c.substitution);
  const inner = commands.filter((c) => c.substitution);
  const units: ShellUnit[] = [];
  let current: ShellCommand[] = [];
  for (const command of top) {
    current.push(command);
    if (command.next === '|') continue;
    units.push(makeUnit(current, inner));
    current = [];
  }
  if (current.length > 0) units.push(makeUnit(current, inner));
  return units;
}

function makeUnit(commands: ShellCommand[], inner: ShellCommand[]): ShellUnit {
  const start = commands[0].start;
  const end = commands[commands.length - 1].end;
  return { commands, start, end, next: commands[commands.length - 1].next, inner: inner.filter((c) => c.start >= start && c.end <= end) };
}
