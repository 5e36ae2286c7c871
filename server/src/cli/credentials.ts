/**
 * `jenkinsfile-kaniko credentials`: prints a kubernetes.io/dockerconfigjson Secret (placeholder
 * values) for the registries a Jenkinsfile pushes to, for Kaniko to mount at /kaniko/.docker.
 */
import * as path from 'node:path';
import { generateRegistryCredentialsForJenkinsfile, registryTitle, RegistrySecretError } from '../registry';
import { readTextFile } from './fileio';
import type { CliIo } from './io';

export interface CredentialsIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readFile: (path: string) => string;
}

export const CREDENTIALS_USAGE = `Usage: jenkinsfile-kaniko credentials [--from <Jenkinsfile>] [--registry <host or image>]...
                                       [--name <name>] [--namespace <namespace>]

Prints a Kubernetes Secret (type kubernetes.io/dockerconfigjson) with an auths entry per
registry the Jenkinsfile pushes to or logs in to (Docker Hub, ghcr.io, Artifact Registry, ACR,
Quay, Harbor, any host), for Kaniko to mount at /kaniko/.docker. Values are placeholders: fill
them in outside version control. Amazon ECR hosts get a credHelpers entry (ecr-login) instead of
a password; for ECR alone use 'jenkinsfile-kaniko configmap'.

Options:
  --from <Jenkinsfile>  use the registries the Jenkinsfile pushes to or logs in to
  --registry <value>    a registry host, URL or image reference (repeatable), e.g. ghcr.io
  --name <name>         Secret name (default: regcred)
  --namespace <ns>      namespace of the Secret
  -h, --help            show this help

Exit status: 0 on success, 2 on bad input (nothing is printed on stdout then).`;

const VALUE_FLAGS = new Set(['--from', '--registry', '--name', '--namespace']);

export function runCredentialsCommand(argv: string[], io: CredentialsIo): number {
  const fail = (message: string, hint = true): number => {
    io.stderr(`jenkinsfile-kaniko credentials: ${message}\n`);
    if (hint) io.stderr(`Run 'jenkinsfile-kaniko credentials --help' for usage.\n`);
    return 2;
  };
  const args = argv[0] === 'credentials' ? argv.slice(1) : argv;
  const registries: string[] = [];
  const single: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') {
      io.stdout(CREDENTIALS_USAGE + '\n');
      return 0;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_FLAGS.has(flag)) return fail(arg.startsWith('-') ? `unknown option ${arg}` : `unexpected argument ${arg}`);
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = args[i + 1];
      if (value === undefined || value.startsWith('--')) return fail(`${flag} needs a value`);
      i++;
    }
    if (value.trim() === '') return fail(`${flag} needs a non-empty value`);
    if (flag === '--registry') registries.push(value);
    else if (single[flag] !== undefined) return fail(`${flag} given more than once`);
    else single[flag] = value;
  }
  const from = single['--from'];
  let text: string | undefined;
  if (from !== undefined) {
    try {
      text = io.readFile(from);
    } catch (e) {
      return fail(`cannot read ${from}: ${e instanceof Error ? e.message : String(e)}`, false);
    }
  }
  if (text === undefined && registries.length === 0) return fail('name the registries: --from <Jenkinsfile> and/or --registry <host> (repeatable)');
  try {
    const result = generateRegistryCredentialsForJenkinsfile(text, { registries, name: single['--name'], namespace: single['--namespace'] }, from);
    io.stdout(result.yaml);
    const covered = result.registries.map(registryTitle);
    io.stderr(
      `jenkinsfile-kaniko credentials: Secret for ${covered.join(', ')}${result.skippedEcr.length > 0 ? `; ${result.skippedEcr.map((r) => r.host).join(', ')} through ecr-login` : ''}.\n`,
    );
    for (const w of result.warnings) io.stderr(`jenkinsfile-kaniko credentials: warning: ${w}\n`);
    return 0;
  } catch (e) {
    if (e instanceof RegistrySecretError) return fail(e.message, false);
    io.stderr(`jenkinsfile-kaniko credentials: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

/** The dispatcher's entry: `--from` paths are relative to the working directory. */
export function runCredentialsCli(argv: string[], io: CliIo): number {
  // Only a regular file of at most 10 MB: a FIFO or /dev/zero given to --from must not hang the run.
  return runCredentialsCommand(argv, { ...io, readFile: (file) => readTextFile(path.resolve(io.cwd, file)).text });
}
