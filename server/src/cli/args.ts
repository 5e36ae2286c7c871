import { parseByteSize } from './fileio';
import { UsageError } from './io';

/**
 * Walks a command's arguments: `--flag value`, `--flag=value`, `--` and positional targets.
 * `onFlag` gives each option its meaning and returns false for one it does not know.
 * Returns the targets.
 */
export function scanArgs(argv: string[], onFlag: (flag: string, value: () => string) => boolean): string[] {
  const targets: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      targets.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      targets.push(arg);
      continue;
    }
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = equals > 0 ? arg.slice(0, equals) : arg;
    const inline = equals > 0 ? arg.slice(equals + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    if (!onFlag(flag, value)) throw new UsageError(`unknown option '${arg}'`);
  }
  return targets;
}

/** `--max-file-size`: bytes, or with a `k`/`m` suffix. */
export function maxFileSize(value: string): number {
  const bytes = parseByteSize(value);
  if (bytes === undefined) throw new UsageError(`--max-file-size takes a size in bytes (e.g. 10485760, 512k or 10M), got '${value}'`);
  return bytes;
}
