import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { unifiedDiff } from '../fixes/diff';
import { createNodeHost, JenkinsfileLanguageService, normalizeSettings, type Settings } from '../service';
import { scanArgs } from './args';
import { collectFiles } from './files';
import { UsageError, type CliIo } from './io';

export const FIX_USAGE = `Usage: jenkinsfile-kaniko fix [--stdout | --diff] [--kaniko-image <image>] [--keep-alive cat|sleep] [--configmap-name <name>] <file|dir>…

Migrates every stage that builds with a Docker daemon (privileged dind or the node's Docker socket) to
Kaniko, and applies the safe per-line fixes: the same edits as the editor's code actions.
Files are rewritten in place when something changes. Directories are searched for Jenkinsfiles.

  --stdout                 print the result of the one file given instead of writing it
  --diff                   print a unified diff and write nothing
  --kaniko-image <image>   image of the Kaniko container (default ghcr.io/osscontainertools/kaniko:v1.28.3-debug)
  --keep-alive cat|sleep   how the Kaniko container stays up: /busybox/cat + tty (default; -debug images) or sleep 99d
  --configmap-name <name>  ConfigMap mounted at /kaniko/.docker for ECR (default docker-config)

What was migrated, and what was skipped and why, is reported on standard error.
Exit status: 0 when done, 1 when some stage could not be migrated, 2 on bad usage or an unreadable file.`;

interface FixOptions {
  output: 'write' | 'stdout' | 'diff';
  settings: Settings;
  targets: string[];
}

function parseFixArgs(argv: string[]): FixOptions {
  let output: FixOptions['output'] = 'write';
  const raw: Record<string, unknown> = {};
  const setOutput = (value: FixOptions['output']) => {
    if (output !== 'write' && output !== value) throw new UsageError('--stdout and --diff cannot be combined');
    output = value;
  };
  const targets = scanArgs(argv, (flag, value) => {
    if (flag === '--stdout') setOutput('stdout');
    else if (flag === '--diff') setOutput('diff');
    else if (flag === '--kaniko-image') raw.kanikoImage = value();
    else if (flag === '--keep-alive') raw.kanikoKeepAlive = value();
    else if (flag === '--configmap-name') raw.configMapName = value();
    else return false;
    return true;
  });
  if (targets.length === 0) throw new UsageError('no files given');
  const problems: string[] = [];
  const settings = normalizeSettings(raw, (message) => problems.push(message));
  if (problems.length > 0) throw new UsageError(problems.join('\n').replace(/jenkinsfileKaniko\./g, '--'));
  return { output, settings, targets };
}

export function runFix(argv: string[], io: CliIo): number {
  const options = parseFixArgs(argv);
  const { files, missing } = collectFiles(options.targets.map((t) => path.resolve(io.cwd, t)));
  if (options.output === 'stdout' && files.length + missing.length !== 1) throw new UsageError('--stdout takes exactly one file');
  let status = 0;
  for (const target of missing) {
    io.stderr(`jenkinsfile-kaniko: cannot read '${path.relative(io.cwd, target) || target}': no such file or directory\n`);
    status = 2;
  }
  const service = new JenkinsfileLanguageService(createNodeHost());
  for (const file of files) {
    const name = path.relative(io.cwd, file) || file;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      io.stderr(`jenkinsfile-kaniko: cannot read '${name}': ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
      status = 2;
      continue;
    }
    const uri = pathToFileURL(file).href;
    const outcome = service.fix({ uri, text }, options.settings);
    service.forget(uri);
    for (const stage of outcome.migrated) {
      io.stderr(`${name}:${stage.line}: migrated stage '${stage.stage}' to Kaniko. ${stage.summary}\n`);
      for (const note of stage.notes) io.stderr(`  note: ${note}\n`);
    }
    for (const stage of outcome.skipped) {
      io.stderr(`${name}:${stage.line}: skipped stage '${stage.stage}': ${stage.reason}\n`);
      status = Math.max(status, 1);
    }
    if (outcome.safeFixes > 0) io.stderr(`${name}: applied ${outcome.safeFixes} safe fix${outcome.safeFixes === 1 ? '' : 'es'}\n`);
    if (outcome.error) {
      io.stderr(`${name}: error: ${outcome.error}\n`);
      status = 2;
    }
    const changed = outcome.text !== text;
    if (!changed && outcome.migrated.length === 0 && outcome.skipped.length === 0) io.stderr(`${name}: nothing to change\n`);
    if (options.output === 'stdout') io.stdout(outcome.text);
    else if (options.output === 'diff') {
      const relative = name.split(path.sep).join('/');
      io.stdout(unifiedDiff(text, outcome.text, `a/${relative}`, `b/${relative}`));
    } else if (changed && !outcome.error) {
      fs.writeFileSync(file, outcome.text, 'utf8');
    }
  }
  return status;
}
