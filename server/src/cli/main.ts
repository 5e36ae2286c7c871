/**
 * `jenkinsfile-kaniko check|fix|configmap|credentials`: the command line, a thin caller of the
 * language service (never of the LSP layer).
 */
import type * as CheckModule from './check';
import type * as ConfigmapModule from './configmap';
import type * as CredentialsModule from './credentials';
import type * as FixModule from './fix';
import type * as CheckThreadsModule from './checkThreads';
import { CHECK_WORKER_FLAG, UsageError, type CliIo } from './io';
import { writeStderr, writeStdout } from './stdout';
import { VERSION } from '../version';

const USAGE = `Usage: jenkinsfile-kaniko <command> [options]

Commands:
  check [--format stylish|json|sarif|gitlab] [--rule id=severity]… <file|dir>…   lint Jenkinsfiles
  fix [--stdout | --diff] <file>…                                                 migrate Build stages to Kaniko
  configmap [--from <Jenkinsfile>] [--registry <host>]… [--creds-store]           print the ECR docker-config ConfigMap
            [--name N] [--namespace NS] [--role-arn ARN]
  credentials [--from <Jenkinsfile>] [--registry <host>]…                         print a registry Secret (placeholders) for Kaniko

Run 'jenkinsfile-kaniko <command> --help' for a command's options.`;

export function packageVersion(): string {
  return VERSION;
}

interface Command {
  usage: string;
  run(argv: string[], io: CliIo): number | Promise<number>;
}

/**
 * Each command is loaded when it runs (in the bundle too: esbuild turns these `require`s into lazy
 * module initialisation), so `check` evaluates no fix, ConfigMap or write code. (`require`: no
 * module here imports dynamically, see test/unit/robustness/sandbox.test.ts.)
 */
const COMMANDS: Record<string, () => Command> = {
  check: () => {
    const { CHECK_USAGE, runCheck } = require('./check') as typeof CheckModule;
    return { usage: CHECK_USAGE, run: runCheck };
  },
  configmap: () => {
    const { CONFIGMAP_USAGE, runConfigmapCli } = require('./configmap') as typeof ConfigmapModule;
    return { usage: CONFIGMAP_USAGE, run: runConfigmapCli };
  },
  credentials: () => {
    const { CREDENTIALS_USAGE, runCredentialsCli } = require('./credentials') as typeof CredentialsModule;
    return { usage: CREDENTIALS_USAGE, run: runCredentialsCli };
  },
  fix: () => {
    const { FIX_USAGE, runFix } = require('./fix') as typeof FixModule;
    return { usage: FIX_USAGE, run: runFix };
  },
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(USAGE + '\n');
    return command === undefined ? 2 : 0;
  }
  if (command === CHECK_WORKER_FLAG) return (require('./checkThreads') as typeof CheckThreadsModule).serveCheckWorker();
  if (command === '--version' || command === '-v') {
    io.stdout(io.version + '\n');
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) {
    io.stderr(`jenkinsfile-kaniko: unknown command '${command}'\n\n${USAGE}\n`);
    return 2;
  }
  const entry = load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(entry.usage + '\n');
    return 0;
  }
  try {
    return await entry.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`jenkinsfile-kaniko ${command}: ${error.message}\n\n${entry.usage}\n`);
      return 2;
    }
    io.stderr(`jenkinsfile-kaniko ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

export function defaultIo(): CliIo {
  return {
    stdout: writeStdout,
    stdoutBytes: writeStdout,
    stderr: writeStderr,
    cwd: process.cwd(),
    version: packageVersion(),
    entryFile: require.main?.filename,
  };
}

/** Runs this process's command line and sets its exit status (the npm package's launcher calls it). */
export function runCommandLine(): void {
  main(process.argv.slice(2), defaultIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      writeStderr(`jenkinsfile-kaniko: ${String(error)}\n`);
      process.exitCode = 2;
    },
  );
}

if (require.main === module) runCommandLine();
