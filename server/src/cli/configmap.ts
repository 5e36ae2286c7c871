/**
 * `jenkinsfile-kaniko configmap`: prints the Kaniko ECR ConfigMap YAML on stdout.
 * The main dispatcher passes the arguments after `configmap` (a leading `configmap` is tolerated).
 */
import * as path from 'node:path';
import { ConfigMapError, validateEcrRegistry } from '../configmap';
import { ecrConfigMap } from '../service/configMap';
import { DEFAULT_SETTINGS } from '../shared/settings';
import { readTextFile } from './fileio';
import type { CliIo } from './io';

export interface ConfigmapIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readFile: (path: string) => string;
}

const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

export const CONFIGMAP_USAGE = `Usage: jenkinsfile-kaniko configmap [--from <Jenkinsfile>] [--registry <host>]... [--creds-store]
                                     [--name <name>] [--namespace <namespace>]
                                     [--role-arn <arn>] [--pod-identity [--cluster-name <name>]] [--service-account <name>]

Prints a Kubernetes ConfigMap (and, for IRSA or EKS Pod Identity, a ServiceAccount) that gives
Kaniko its /kaniko/.docker/config.json for Amazon ECR. Apply it with kubectl apply -f <file>.

Options:
  --from <Jenkinsfile>  use the ECR registries the Jenkinsfile mentions
  --registry <host>     an ECR registry (repeatable), e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com
  --creds-store         write {"credsStore": "ecr-login"} (every registry) instead of credHelpers
  --name <name>         ConfigMap name (default: docker-config)
  --namespace <ns>      namespace for the ConfigMap (and ServiceAccount)
  --role-arn <arn>      IAM role for IRSA: also emit a ServiceAccount annotated with it
  --pod-identity        EKS Pod Identity instead: a ServiceAccount without annotation, and the
                        aws eks create-pod-identity-association command to run (on stderr)
  --cluster-name <name> EKS cluster named in that command
  --service-account <n> ServiceAccount name (default: kaniko)
  Without --role-arn or --pod-identity the pod uses its node's instance role.
  -h, --help            show this help

Exit status: 0 on success, 2 on bad input (nothing is printed on stdout then).`;

interface ParsedArgs {
  help: boolean;
  from?: string;
  registries: string[];
  credsStore: boolean;
  name?: string;
  namespace?: string;
  roleArn?: string;
  podIdentity: boolean;
  clusterName?: string;
  serviceAccountName?: string;
}

class UsageError extends Error {}

const VALUE_FLAGS = ['--from', '--registry', '--name', '--namespace', '--role-arn', '--cluster-name', '--service-account'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

function parseArgs(argv: readonly string[]): ParsedArgs {
  const args = argv[0] === 'configmap' ? argv.slice(1) : argv;
  const parsed: ParsedArgs = { help: false, registries: [], credsStore: false, podIdentity: false };
  const seen = new Set<string>();

  const setValue = (flag: ValueFlag, value: string) => {
    if (value.trim() === '') throw new UsageError(`${flag} needs a non-empty value`);
    if (flag === '--registry') {
      parsed.registries.push(value);
      return;
    }
    if (seen.has(flag)) throw new UsageError(`${flag} given more than once`);
    seen.add(flag);
    if (flag === '--from') parsed.from = value;
    else if (flag === '--name') parsed.name = value;
    else if (flag === '--namespace') parsed.namespace = value;
    else if (flag === '--cluster-name') parsed.clusterName = value;
    else if (flag === '--service-account') parsed.serviceAccountName = value;
    else parsed.roleArn = value;
  };

  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') {
      parsed.help = true;
      continue;
    }
    if (arg === '--creds-store') {
      parsed.credsStore = true;
      continue;
    }
    if (arg === '--pod-identity') {
      parsed.podIdentity = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = (eq > 0 ? arg.slice(0, eq) : arg) as ValueFlag;
    if (VALUE_FLAGS.includes(flag)) {
      if (eq > 0) {
        setValue(flag, arg.slice(eq + 1));
      } else {
        const value = args[i + 1];
        if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
        setValue(flag, value);
        i++;
      }
      continue;
    }
    throw new UsageError(arg.startsWith('-') ? `unknown option ${arg}` : `unexpected argument ${arg}`);
  }
  return parsed;
}

export function runConfigmapCommand(argv: string[], io: ConfigmapIo): number {
  const fail = (messages: string[], hint = true): number => {
    for (const m of messages) io.stderr(`jenkinsfile-kaniko configmap: ${m}\n`);
    if (hint) io.stderr(`Run 'jenkinsfile-kaniko configmap --help' for usage.\n`);
    return EXIT_USAGE;
  };

  let args: ParsedArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) return fail([e.message]);
    throw e;
  }
  if (args.help) {
    io.stdout(CONFIGMAP_USAGE + '\n');
    return EXIT_OK;
  }

  // Reject a bad --registry before reading anything, so the message names the user's own input.
  const badRegistries = args.registries.map(validateEcrRegistry).filter((m): m is string => m !== undefined);
  if (badRegistries.length > 0) return fail(badRegistries, false);

  let text: string | undefined;
  if (args.from !== undefined) {
    try {
      text = io.readFile(args.from);
    } catch (e) {
      return fail([`cannot read ${args.from}: ${e instanceof Error ? e.message : String(e)}`], false);
    }
  }

  try {
    // The same service call as the editor's command.
    const result = ecrConfigMap(
      {
        registries: args.registries,
        credsStore: args.credsStore,
        name: args.name,
        namespace: args.namespace,
        roleArn: args.roleArn,
        identity: args.podIdentity ? 'pod-identity' : args.roleArn !== undefined || args.serviceAccountName !== undefined ? 'irsa' : 'node',
        clusterName: args.clusterName,
        serviceAccountName: args.serviceAccountName,
        jenkinsfile: text === undefined ? undefined : { text, uri: args.from },
      },
      DEFAULT_SETTINGS,
    );
    io.stdout(result.yaml);
    for (const w of result.warnings) io.stderr(`jenkinsfile-kaniko configmap: warning: ${w}\n`);
    // `kubectl apply` is in the YAML header; what else to run goes to stderr.
    for (const step of (result.nextSteps ?? []).slice(1)) io.stderr(`jenkinsfile-kaniko configmap: next: ${step}\n`);
    if (result.serviceAccountName) io.stderr(`jenkinsfile-kaniko configmap: run the Kaniko pod as serviceAccountName: ${result.serviceAccountName}\n`);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof ConfigMapError) {
      return fail(
        e.problems.map((p) =>
          p.code === 'no-registry'
            ? args.from !== undefined
              ? `no Amazon ECR registry found in ${args.from}; name one with --registry <host>`
              : 'no ECR registry for credHelpers: pass --registry <host> (repeatable), --from <Jenkinsfile>, or --creds-store'
            : p.message,
        ),
        false,
      );
    }
    io.stderr(`jenkinsfile-kaniko configmap: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_FAILURE;
  }
}

/** The dispatcher's entry: `--from` paths are relative to the working directory. */
export function runConfigmapCli(argv: string[], io: CliIo): number {
  // Only a regular file of at most 10 MB: a FIFO or /dev/zero given to --from must not hang the run.
  return runConfigmapCommand(argv, { ...io, readFile: (file) => readTextFile(path.resolve(io.cwd, file)).text });
}
