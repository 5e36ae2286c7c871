/**
 * `npm run fuzz -- [--seed N] [--count N] [--seconds S] [--only I] [--save DIR] [--max-repeat CHARS] [--no-service] [--no-fixes]`:
 * long mutation-fuzzing runs over the fixture corpus. Exit status 1 when any input fails;
 * `--save` writes each failing input to DIR for a bug report.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCorpus } from './corpus';
import { formatFailure, fuzzInput, runFuzz, type FuzzOptions } from './fuzzer';

function parseArgs(argv: string[]): FuzzOptions & { save?: string } {
  const options: FuzzOptions & { save?: string } = { seed: Date.now() % 1_000_000_007, check: { fixes: true, service: true }, serviceEvery: 1 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    const number = (): number => {
      const n = Number(value());
      if (!Number.isFinite(n) || n < 0) throw new Error(`${arg} needs a non-negative number`);
      return n;
    };
    if (arg === '--seed') options.seed = number();
    else if (arg === '--count') options.count = number();
    else if (arg === '--seconds') options.seconds = number();
    else if (arg === '--only') options.only = number();
    else if (arg === '--save') options.save = value();
    else if (arg === '--max-repeat') options.maxRepeatedChars = number();
    else if (arg === '--no-service') options.check = { ...options.check, service: false };
    else if (arg === '--no-fixes') options.check = { ...options.check, fixes: false };
    else if (/^\d+$/.test(arg)) options.count = Number(arg);
    else throw new Error(`unknown argument '${arg}'`);
  }
  if (options.count === undefined && options.seconds === undefined && options.only === undefined) options.seconds = 60;
  return options;
}

function main(): number {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`fuzz: ${(error as Error).message}\n`);
    return 2;
  }
  const corpus = loadCorpus();
  const limit =
    options.only !== undefined
      ? `input #${options.only}`
      : [options.count !== undefined ? `${options.count} inputs` : '', options.seconds !== undefined ? `${options.seconds} s` : '']
          .filter(Boolean)
          .join(' or ');
  process.stdout.write(`fuzz: seed ${options.seed}, ${corpus.length} fixtures, ${limit}\n`);
  if (options.only !== undefined && options.save) {
    // Reproducing one input: keep it whether or not it fails here (timing failures depend on the machine).
    const input = fuzzInput(corpus, options.seed, options.only, { maxRepeatedChars: options.maxRepeatedChars });
    fs.mkdirSync(options.save, { recursive: true });
    const file = path.join(options.save, `fuzz-${options.seed}-${options.only}.Jenkinsfile`);
    fs.writeFileSync(file, input.text);
    process.stdout.write(`input #${options.only}: ${input.fixture.name} after ${input.steps.join('; ')}\n  saved: ${file}\n`);
  }
  const stats = runFuzz(corpus, options, (failure) => {
    process.stdout.write(formatFailure(failure, options.seed) + '\n');
    if (options.save) {
      fs.mkdirSync(options.save, { recursive: true });
      const file = path.join(options.save, `fuzz-${options.seed}-${failure.index}.Jenkinsfile`);
      fs.writeFileSync(file, failure.text);
      process.stdout.write(`  saved: ${file}\n`);
    }
  });
  const rate = stats.inputs / (stats.totalMs / 1000);
  process.stdout.write(
    `fuzz: ${stats.inputs} inputs in ${(stats.totalMs / 1000).toFixed(1)} s (${rate.toFixed(0)}/s), ${stats.failures.length} failing; ` +
      `largest input ${stats.largestInput} chars; slowest ${stats.slowestMs.toFixed(0)} ms CPU` +
      (stats.slowest ? ` (#${stats.slowest.index}, ${stats.slowest.fixture}, ${stats.slowest.length} chars)` : '') +
      '\n',
  );
  return stats.failures.length > 0 ? 1 : 0;
}

process.exitCode = main();
