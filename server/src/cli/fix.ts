import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { unifiedDiff } from '../fixes/diff';
import { DEFAULT_KANIKO_IMAGE } from '../kaniko/images';
import { createNodeHost, JenkinsfileLanguageService, normalizeSettings, type NodeHost, type NodeHostOptions, type Settings } from '../service';
import { maxFileSize, scanArgs } from './args';
import { DEFAULT_MAX_FILE_BYTES, FileError, readTextFile, type FileText } from './fileio';
import { writeTextFileAtomic } from './writeFile';
import { collectFiles, type FoundFile } from './files';
import { relativeNamer } from '../paths';
import { UsageError, type CliIo } from './io';
import { encodeText } from '../bytes';
import { buildModel } from '../model';
import type { FixOutcome } from '../fixes';

export const FIX_USAGE = `Usage: jenkinsfile-kaniko fix [--stdout | --diff] [--kaniko-image <image>] [--keep-alive cat|sleep] [--configmap-name <name>] [--registry-credentials jenkins|secret] [--service-account <name>] [--role-arn <arn>] [--kaniko-cache] [--max-file-size <bytes>] <file|dir>…

Migrates every stage that builds with a Docker daemon (privileged dind or the node's Docker socket) to
Kaniko, and applies the safe per-line fixes: the same edits as the editor's code actions. A pod in a
yamlFile is migrated in that file too (read and written only inside the repository root the
Jenkinsfile reads it from, never through a symbolic link leading out); --diff shows both files, and
--stdout, which prints only the Jenkinsfile, skips such a pod.
Files are rewritten in place when something changes: atomically (a temporary file in the same
folder, then renamed over the original, keeping its mode), and byte for byte outside the edits, also
where the file is not UTF-8. Directories are searched for Jenkinsfiles. A symbolic link is written
through only when its target lies inside the folder given (the directory searched, or the folder of
a file named directly); only regular files are read.

  --stdout                 print the result of the one file given instead of writing it
  --diff                   print a unified diff and write nothing
  --kaniko-image <image>   image of the Kaniko container (default ${DEFAULT_KANIKO_IMAGE})
  --keep-alive cat|sleep   how the Kaniko container stays up: /busybox/cat + tty (default) or sleep
  --configmap-name <name>  ConfigMap mounted at /kaniko/.docker for ECR (default docker-config)
  --registry-credentials jenkins|secret
                           other registries: keep the Jenkins credential (default) or mount the Secret regcred
  --service-account <name> pods that push to ECR run as this ServiceAccount (IRSA, EKS Pod Identity)
  --role-arn <arn>         the IAM role for them: named in the notes; without --service-account, pods run as 'kaniko'
  --kaniko-cache           turn docker build --cache-from into Kaniko's layer cache (--cache=true
                           --cache-repo <that repository>/cache); without it --cache-from is dropped with a note
  --max-file-size <bytes>  larger files are not read (default 10M; k and M suffixes)

Standard error reports, per Jenkinsfile: what was migrated (what became what), what was skipped
and why (file:line), Docker daemon builds left, and the next steps (the ConfigMap or Secret to
create and the command that writes it, a container kept for now, a yamlFile other Jenkinsfiles read).
A yamlFile several Jenkinsfiles of the run read is written only when all of them migrate to the same
pod; otherwise none of them is written, and each names the reader in the way.
"Nothing to change" means the file has no Docker daemon build at all.
Exit status: 0 when every Docker daemon build found was migrated (or there was none), 1 when some
stage or pod was skipped or such a build is left, 2 on bad usage or when some file could not be read
or written (the others are still fixed).`;

interface FixOptions {
  output: 'write' | 'stdout' | 'diff';
  settings: Settings;
  targets: string[];
  maxFileBytes: number;
}

function parseFixArgs(argv: string[]): FixOptions {
  let output: FixOptions['output'] = 'write';
  let maxFileBytes = DEFAULT_MAX_FILE_BYTES;
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
    else if (flag === '--registry-credentials') raw.registryCredentials = value();
    else if (flag === '--service-account') raw.serviceAccountName = value();
    else if (flag === '--role-arn') raw.awsRoleArn = value();
    else if (flag === '--kaniko-cache') raw.kanikoCache = true;
    else if (flag === '--max-file-size') maxFileBytes = maxFileSize(value());
    else return false;
    return true;
  });
  if (targets.length === 0) throw new UsageError('no files given');
  const problems: string[] = [];
  const settings = normalizeSettings(raw, (message) => problems.push(message));
  if (problems.length > 0) throw new UsageError(problems.join('\n').replace(/jenkinsfileKaniko\./g, '--'));
  return { output, settings, targets, maxFileBytes };
}

/** How `fix` reads files: Node's by default; tests count the reads per path. */
export interface FixReads {
  /** Jenkinsfiles, and each pod file just before it is written. */
  readTextFile?: (file: string, maxBytes: number) => FileText;
  /** How the node host reads pod files to plan on them, and its clock (see `NodeHostOptions`). */
  host?: Pick<NodeHostOptions, 'readBytes' | 'now'>;
}

export function runFix(argv: string[], io: CliIo, reads: FixReads = {}): number {
  const options = parseFixArgs(argv);
  const readText = reads.readTextFile ?? readTextFile;
  // Rewriting: from directories only files named as Jenkinsfiles; a .groovy pipeline is fixed when named.
  const { files, missing } = collectFiles(
    options.targets.map((t) => path.resolve(io.cwd, t)),
    { groovy: false },
  );
  if (options.output === 'stdout' && files.length + missing.length !== 1) throw new UsageError('--stdout takes exactly one file');
  const shown = relativeNamer(io.cwd);
  let status = 0;
  for (const target of missing) {
    io.stderr(`jenkinsfile-kaniko: cannot read '${shown(target)}': no such file or directory\n`);
    status = 2;
  }
  const host = createNodeHost(undefined, reads.host);
  // A pod file migrated earlier in this run is read as it was before: every Jenkinsfile that names it
  // is planned on the same pod, and its rewrite must then match what is already written (otherFile).
  const originals = new Map<string, string>();
  const service = new JenkinsfileLanguageService({
    ...host,
    readYamlFile(uri, relativePath) {
      if (originals.size === 0) return host.readYamlFile?.(uri, relativePath);
      const target = host.yamlFileTarget(uri, relativePath);
      return ('path' in target ? originals.get(target.path) : undefined) ?? host.readYamlFile?.(uri, relativePath);
    },
  });
  // A Jenkinsfile named twice (a symbolic link and its target) is one file: fixed, and counted as a
  // reader of its pod files, once, under the first name; the other name's report says so.
  const repeats = repeatedFiles(files, shown, options.output === 'write');
  const distinct = repeats.size > 0 ? files.filter((file) => !repeats.has(file)) : files;
  // Which Jenkinsfiles of this run read each yamlFile (by its real path): a pod file one migration edits may serve others.
  const { readers, texts } =
    distinct.length > 1
      ? yamlFileReaders(host, distinct, options.maxFileBytes, shown, readText)
      : { readers: new Map<string, string[]>(), texts: new Map<string, string>() };
  // A pod file several Jenkinsfiles of the run read is written only when every one of them migrates to
  // the same pod: a reader left on the old pod would still run docker build with no daemon beside it.
  // Planned on the texts the readers pass read, and those plans kept for the loop below.
  const { conflicts: blockedPods, planned } =
    readers.size > 0
      ? sharedPodConflicts(service, host, distinct, readers, texts, options, shown)
      : { conflicts: new Map<string, SharedPodConflict>(), planned: new Map<string, PlannedFix>() };
  texts.clear(); // Not kept for the whole run: the loop reads each file afresh.
  const order = new Map(files.map((file, index) => [shown(file.path), index]));
  const editedBy = new Map<string, { name: string; after: string }>();
  const shownDiffs = new Map<string, string>();
  // Each file on its own: one that cannot be read or written is reported, and the run goes on.
  for (const file of files) {
    const name = shown(file.path);
    if (options.output === 'write' && file.notWritable) {
      io.stderr(`${name}: skipped: ${file.notWritable}; links are written through only into the folder given\n`);
      status = 2;
      continue;
    }
    const first = repeats.get(file);
    if (first !== undefined) {
      io.stderr(`${name}: the same file as ${first} (one is a symbolic link to the other): fixed once, as ${first}\n`);
      continue;
    }
    // Read afresh, not taken from the readers pass: these bytes (and mode and owner) are the exact base
    // of the write, and the file may have changed since that pass.
    let read: FileText;
    try {
      read = readText(file.target, options.maxFileBytes);
    } catch (error) {
      io.stderr(`jenkinsfile-kaniko: cannot read '${name}': ${error instanceof Error ? error.message : String(error)}\n`);
      status = 2;
      continue;
    }
    const text = read.text;
    const uri = pathToFileURL(file.path).href;
    // --stdout can print only the Jenkinsfile: a pod in a yamlFile is then skipped, with that reason.
    const editYamlFiles = options.output !== 'stdout';
    // Planned already when it shares a pod file, on this very text: the pod files were then as this
    // plan would read them (none written yet; one written since is read as it was, see originals).
    const before = planned.get(file.path);
    planned.delete(file.path);
    const outcome = before && before.text === text && editYamlFiles ? before.outcome : service.fix({ uri, text }, options.settings, { editYamlFiles });
    service.forget(uri);
    const changed = outcome.text !== text;
    // The yamlFile pods the migration edited: found where they were read, read again as bytes.
    let others: OtherFile[] = [];
    if (!outcome.error && outcome.files.length > 0) {
      try {
        others = outcome.files.map((edited) => otherFile(host, uri, edited, options.maxFileBytes, originals, readText));
      } catch (error) {
        io.stderr(`${name}: error: not written: ${error instanceof Error ? error.message : String(error)}; no file was changed\n`);
        status = 2;
        continue;
      }
    }
    const blocked = others.filter((other) => other.edited.after !== other.edited.before && blockedPods.has(other.path));
    if (blocked.length > 0) {
      for (const other of blocked) {
        const conflict = blockedPods.get(other.path)!;
        const those = conflict.readers.filter((reader) => reader.name !== name);
        const why = those.map((reader) => `${reader.name}, which ${reader.why}`).join('; ');
        io.stderr(
          `${name}: ${conflict.differs ? 'error' : 'skipped'}: not written: ${shown(other.path)} is also the yamlFile of ${why}; migrating it would change their pod too: give this pipeline its own copy of the pod file, or migrate them together\n`,
        );
        status = Math.max(status, conflict.differs ? 2 : 1);
      }
      continue;
    }
    if (options.output === 'write' && (changed || others.some((o) => o.edited.after !== o.edited.before)) && !outcome.error) {
      try {
        writeTogether(host, uri, others, { path: file.target, text: outcome.text, original: read });
        for (const other of others) if (!originals.has(other.path)) originals.set(other.path, other.edited.before);
      } catch (error) {
        // Nothing is reported as migrated unless the files hold it.
        const reason = error instanceof FileError ? error.message : String(error);
        // Its pod files stay as they were: the other readers of a shared one must then not rewrite it either.
        for (const other of others)
          if ((readers.get(other.path)?.length ?? 0) > 1 && !blockedPods.has(other.path))
            blockedPods.set(other.path, { differs: false, readers: [{ name, why: 'could not be written' }] });
        io.stderr(`${name}: error: not written: ${reason}; ${others.length > 0 ? 'the files are' : 'the file is'} unchanged\n`);
        status = 2;
        continue;
      }
    }
    // Per pipeline: what was migrated (what became what), what was skipped and why, what still builds
    // through a daemon, and what the user must do next.
    const nextSteps: string[] = [];
    for (const stage of outcome.migrated) {
      io.stderr(`${name}:${stage.line}: migrated ${stage.kind} '${stage.stage}' to Kaniko. ${stage.summary}\n`);
      for (const note of stage.notes) io.stderr(`  note: ${note}\n`);
      nextSteps.push(...stage.nextSteps);
    }
    for (const stage of outcome.skipped) {
      io.stderr(`${name}:${stage.line}: skipped ${stage.kind} '${stage.stage}' [${stage.code}]: ${stage.reason}\n`);
      status = Math.max(status, 1);
    }
    const left = outcome.remaining.filter((finding) => !outcome.skipped.some((s) => s.lines.some(([from, to]) => from <= finding.line && finding.line <= to)));
    for (const finding of left) io.stderr(`${name}:${finding.line}: not migrated [${finding.ruleId}]: ${finding.message}\n`);
    if (outcome.remaining.length > 0) status = Math.max(status, 1);
    let differs = false;
    for (const other of others) {
      const shownOther = shown(other.path);
      const first = editedBy.get(other.path);
      if (first !== undefined) {
        // Written: the file already holds this pipeline's pod (otherFile checked). --diff: compare the two rewrites.
        if (other.edited.after === other.edited.before || other.edited.after === first.after)
          io.stderr(
            `  note: ${shownOther} is the pod file ${first.name} was migrated with in this run; this pipeline needs the same pod, so it is written once.\n`,
          );
        else {
          io.stderr(
            `${name}: error: ${shownOther} is migrated for ${first.name} in this run, and this pipeline needs a different pod (other credentials or containers); give it its own copy of the pod file\n`,
          );
          status = 2;
          differs = true;
        }
        continue;
      }
      if (other.edited.after === other.edited.before) continue;
      editedBy.set(other.path, { name, after: other.edited.after });
      const sharing = (readers.get(other.path) ?? []).filter((reader) => reader !== name);
      if (sharing.length > 0) {
        const here = order.get(name) ?? 0;
        const earlier = sharing.filter((reader) => (order.get(reader) ?? 0) < here).length;
        const one = sharing.length === 1;
        const where =
          earlier === 0
            ? `${one ? 'its report follows' : 'their reports follow'}`
            : earlier === sharing.length
              ? `${one ? 'its report precedes' : 'their reports precede'} this one`
              : 'their reports are';
        nextSteps.push(
          `${shownOther} is also the yamlFile of ${sharing.join(', ')}, which ${one ? 'gets' : 'get'} the migrated pod too (no Docker daemon any more): ${where} in this run; a Jenkinsfile that is not migrated with it must get its own copy of the original pod file.`,
        );
      }
    }
    const unique = [...new Set(nextSteps)];
    if (unique.length > 0) {
      io.stderr(`${name}: next steps:\n`);
      for (const step of unique) io.stderr(`  - ${step}\n`);
    }
    if (outcome.safeFixes > 0) io.stderr(`${name}: applied ${outcome.safeFixes} safe fix${outcome.safeFixes === 1 ? '' : 'es'}\n`);
    if (outcome.error) {
      io.stderr(`${name}: error: ${outcome.error}\n`);
      status = 2;
    }
    const tally = [
      outcome.migrated.length > 0 ? `${outcome.migrated.length} migrated` : '',
      outcome.skipped.length > 0 ? `${outcome.skipped.length} skipped` : '',
      left.length > 0 ? `${left.length} Docker daemon finding${left.length === 1 ? '' : 's'} left outside them` : '',
    ].filter(Boolean);
    if (tally.length > 0 && outcome.migrated.length + outcome.skipped.length + left.length > 1) io.stderr(`${name}: ${tally.join(', ')}\n`);
    // "Nothing to change" only for a file with no Docker daemon build at all.
    if (!changed && outcome.migrated.length === 0 && outcome.skipped.length === 0 && outcome.remaining.length === 0) io.stderr(`${name}: nothing to change\n`);
    if (options.output === 'stdout') writeOut(io, outcome.text, read.utf8);
    else if (options.output === 'diff' && !differs) {
      const relative = name.split(path.sep).join('/');
      writeOut(io, unifiedDiff(text, outcome.text, `a/${relative}`, `b/${relative}`), read.utf8);
      for (const other of others) {
        if (shownDiffs.get(other.path) === other.edited.after) continue;
        shownDiffs.set(other.path, other.edited.after);
        const shownOther = shown(other.path).split(path.sep).join('/');
        writeOut(io, unifiedDiff(other.edited.before, other.edited.after, `a/${shownOther}`, `b/${shownOther}`), other.read.utf8);
      }
    }
  }
  return status;
}

/** A pod file several Jenkinsfiles of the run read, which they do not all migrate to the same pod. */
interface SharedPodConflict {
  /** Some reader needs a different pod (an error), rather than not migrating at all (a skip). */
  differs: boolean;
  /** Each reader that does not take the pod the others would write, and why. */
  readers: Array<{ name: string; why: string }>;
}

/** A Jenkinsfile's `fix` outcome planned before the main loop, on the text it was planned on. */
interface PlannedFix {
  text: string;
  outcome: FixOutcome;
}

/**
 * Plans every Jenkinsfile that reads a pod file another one of the run reads too (on the text the
 * readers pass read: `texts`, by path), and returns the pod files (real path) that they would not
 * all migrate to one and the same pod, and those plans (by path), for the loop that writes.
 */
function sharedPodConflicts(
  service: JenkinsfileLanguageService,
  host: NodeHost,
  files: ReadonlyArray<{ path: string; target: string; notWritable?: string }>,
  readers: ReadonlyMap<string, string[]>,
  texts: ReadonlyMap<string, string>,
  options: FixOptions,
  shown: (file: string) => string,
): { conflicts: Map<string, SharedPodConflict>; planned: Map<string, PlannedFix> } {
  const shared = [...readers].filter(([, names]) => names.length > 1);
  const conflicts = new Map<string, SharedPodConflict>();
  const planned = new Map<string, PlannedFix>();
  if (shared.length === 0) return { conflicts, planned };
  const names = new Set(shared.flatMap(([, list]) => list));
  // Reader → pod file → the pod it would write (undefined: it does not migrate that pod), or why it cannot.
  const plans = new Map<string, { afters: Map<string, string>; failed?: string }>();
  for (const file of files) {
    const name = shown(file.path);
    if (!names.has(name) || plans.has(name)) continue;
    if (options.output === 'write' && file.notWritable) {
      plans.set(name, { afters: new Map(), failed: 'cannot be written in this run' });
      continue;
    }
    // Every reader was read by the readers pass (a file it could not read names no pod file).
    const text = texts.get(file.path);
    if (text === undefined) {
      plans.set(name, { afters: new Map(), failed: 'cannot be read' });
      continue;
    }
    const uri = pathToFileURL(file.path).href;
    const outcome = service.fix({ uri, text }, options.settings, { editYamlFiles: true });
    service.forget(uri);
    planned.set(file.path, { text, outcome });
    const afters = new Map<string, string>();
    for (const edited of outcome.files) {
      const target = host.yamlFileTarget(uri, edited.path);
      if ('path' in target && edited.after !== edited.before) afters.set(target.path, edited.after);
    }
    plans.set(name, outcome.error ? { afters: new Map(), failed: 'cannot be migrated (an error)' } : { afters });
  }
  for (const [pod, list] of shared) {
    const afters = list.map((name) => plans.get(name)?.afters.get(pod));
    const wanted = afters.find((after) => after !== undefined);
    if (wanted === undefined || afters.every((after) => after === wanted)) continue;
    const differs = afters.some((after) => after !== undefined && after !== wanted);
    const those = list
      .map((name, index) => ({ name, after: afters[index] }))
      .filter(({ after }) => after !== wanted)
      .map(({ name, after }) => ({
        name,
        why:
          after !== undefined
            ? 'needs a different pod (other credentials or containers)'
            : (plans.get(name)?.failed ?? 'is not migrated to Kaniko in this run (its build is skipped or left) and would lose its Docker daemon'),
      }));
    // The reader of the differing pod sees the first one's as the different pod.
    const first = list[afters.indexOf(wanted)];
    conflicts.set(pod, { differs, readers: differs ? [{ name: first, why: 'needs a different pod (other credentials or containers)' }, ...those] : those });
  }
  return { conflicts, planned };
}

/**
 * The files of the run that are a file already in it under another name (by real path: a symbolic
 * link and its target, in either order), each with that first name. A link that is not written
 * (`notWritable`) is reported as such, so it is never the first name of its target.
 */
function repeatedFiles(files: readonly FoundFile[], shown: (file: string) => string, writing: boolean): Map<FoundFile, string> {
  const firstName = new Map<string, string>();
  const repeats = new Map<FoundFile, string>();
  for (const file of files) {
    if (writing && file.notWritable) continue;
    let real: string;
    try {
      real = fs.realpathSync(file.target);
    } catch {
      real = file.target; // Unreadable: reported when the file itself is fixed.
    }
    const first = firstName.get(real);
    if (first === undefined) firstName.set(real, shown(file.path));
    else repeats.set(file, first);
  }
  return repeats;
}

/**
 * The yamlFile pods each Jenkinsfile of the run reads, by real path (inside its repository root):
 * `readers`, path → the Jenkinsfiles (as shown) that name it; and `texts`, the text read of each
 * Jenkinsfile (by path) that mentions a pod file, for the plans of the shared ones. Only those are parsed.
 */
function yamlFileReaders(
  host: NodeHost,
  files: ReadonlyArray<{ path: string; target: string }>,
  maxFileBytes: number,
  shown: (file: string) => string,
  readText: (file: string, maxBytes: number) => FileText,
): { readers: Map<string, string[]>; texts: Map<string, string> } {
  const readers = new Map<string, string[]>();
  const texts = new Map<string, string>();
  for (const file of files) {
    let text: string;
    try {
      text = readText(file.target, maxFileBytes).text;
    } catch {
      continue; // Reported when the file itself is fixed.
    }
    if (!/yamlFile|readTrusted|readFile/.test(text)) continue;
    texts.set(file.path, text);
    const uri = pathToFileURL(file.path).href;
    const paths = new Set<string>();
    buildModel(text, {
      readFile: (relative) => {
        paths.add(relative);
        return undefined;
      },
    });
    for (const relative of paths) {
      const target = host.yamlFileTarget(uri, relative);
      if ('refused' in target) continue;
      const list = readers.get(target.path) ?? [];
      if (!list.includes(shown(file.path))) list.push(shown(file.path));
      readers.set(target.path, list);
    }
  }
  return { readers, texts };
}

/** A file other than the Jenkinsfile that the migration edited (a `yamlFile` pod), located and read again. */
interface OtherFile {
  /** The path as the Jenkinsfile names it. */
  relative: string;
  /** The real path, inside the root the file was read from. */
  path: string;
  read: FileText;
  edited: { before: string; after: string };
}

/**
 * Finds an edited yamlFile where it was read (the same confinement: inside the repository root, no
 * symbolic link out) and checks that it still holds the text the migration was planned on.
 */
function otherFile(
  host: NodeHost,
  uri: string,
  edited: { path: string; before: string; after: string },
  maxFileBytes: number,
  originals: ReadonlyMap<string, string>,
  readText: (file: string, maxBytes: number) => FileText,
): OtherFile {
  const target = host.yamlFileTarget(uri, edited.path);
  if ('refused' in target) throw new FileError(`${edited.path}: ${target.refused}`);
  // Read afresh: the exact base of its write, and the check that it still holds what was planned on.
  let read: FileText;
  try {
    read = readText(target.path, maxFileBytes);
  } catch (error) {
    throw new FileError(`${edited.path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (read.text !== edited.before) {
    // Migrated earlier in this run for another Jenkinsfile: fine when this pipeline needs the very same pod.
    if (originals.get(target.path) === edited.before) {
      if (read.text === edited.after) return { relative: edited.path, path: target.path, read, edited: { before: read.text, after: read.text } };
      throw new FileError(
        `${edited.path} was migrated earlier in this run for another Jenkinsfile, and this pipeline needs a different pod (other credentials or containers); give it its own copy of the pod file, or migrate it by hand`,
      );
    }
    throw new FileError(`${edited.path} changed while it was being migrated`);
  }
  return { relative: edited.path, path: target.path, read, edited };
}

/**
 * Writes the yamlFile pods, then the Jenkinsfile, each atomically; when a later write fails, the
 * files already written get their old bytes back, so the pipeline and its pod never disagree. The
 * confinement is checked again just before each write.
 */
function writeTogether(host: NodeHost, uri: string, others: OtherFile[], jenkinsfile: { path: string; text: string; original: FileText }): void {
  const written: OtherFile[] = [];
  try {
    for (const other of others) {
      const again = host.yamlFileTarget(uri, other.relative);
      if ('refused' in again || again.path !== other.path)
        throw new FileError(`${other.relative}: ${'refused' in again ? again.refused : `now leads to ${again.path}`}`);
      if (other.edited.after === other.edited.before) continue;
      writeTextFileAtomic(other.path, other.edited.after, other.read);
      written.push(other);
    }
    writeTextFileAtomic(jenkinsfile.path, jenkinsfile.text, jenkinsfile.original);
  } catch (error) {
    for (const other of written.reverse()) {
      try {
        writeTextFileAtomic(other.path, other.edited.before, other.read);
      } catch (restoreError) {
        const reason = restoreError instanceof Error ? restoreError.message : String(restoreError);
        throw new FileError(
          `${error instanceof Error ? error.message : String(error)}; and ${other.relative} could not be restored (${reason}): it holds the migrated pod`,
        );
      }
    }
    throw error;
  }
}

/** Text for standard output; a file that is not UTF-8 comes out as its own bytes, not U+FFFD. */
function writeOut(io: CliIo, text: string, utf8: boolean): void {
  if (utf8 || !io.stdoutBytes) io.stdout(text);
  else io.stdoutBytes(encodeText(text));
}
