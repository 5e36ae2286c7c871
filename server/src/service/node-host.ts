/**
 * The Node.js host: reads `yamlFile` pods from disk where Jenkins reads them, relative to the
 * repository root (see `yamlRoot`), and only from inside that root (no absolute paths, no `..`
 * escapes, no symlinks out).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeBytes } from '../bytes';
import { folderOf, isInsideFolder, isPlainPath, localPathOf, resolveIn } from '../paths';
import type { AnalysisHost, OpenFile, YamlFileTarget } from './analysis';

const MAX_YAML_FILE_BYTES = 1024 * 1024;

/** Where `yamlFile`, `readTrusted` and `readFile` paths start, and why there. */
export interface YamlRoot {
  path: string;
  kind: 'repository' | 'workspace' | 'jenkinsfile';
}

/** How long a folder's repository root (the nearest `.git` above it) is trusted before it is looked up again. */
const REPOSITORY_ROOT_TTL_MS = 5000;
const MAX_REPOSITORY_ROOTS = 256;

/**
 * The nearest folder at or above a folder that holds `.git` (a folder, or a file in a git
 * worktree). A host keeps one of these: every `yamlFile` read, hover and migration target asks,
 * and the walk up stats each folder on the way. An answer is kept a few seconds, so a `git init`
 * or a clone made meanwhile is seen soon after. Folders share their ancestors' answers: a folder
 * asked about for the first time may get an answer that a sibling's look found, at most the TTL ago.
 */
export class RepositoryRoots {
  private readonly known = new Map<string, { root: string | undefined; at: number }>();

  constructor(
    private readonly ttlMs = REPOSITORY_ROOT_TTL_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  of(folder: string): string | undefined {
    const now = this.clock();
    const cached = this.known.get(folder);
    if (cached && now - cached.at <= this.ttlMs) return cached.root;
    // The folders passed on the way up share the answer, and a folder above with a fresh answer ends
    // the walk: sibling folders (a tree of repositories, or a monorepo's) stat their common ancestors once.
    // Each keeps the time of the look that found it, so no answer outlives that look by more than the TTL.
    const passed: string[] = [];
    let answer: { root: string | undefined; at: number };
    // A plain path's parents are plain (or `/`): joined and cut as text, without Node's normalising walks.
    const plain = isPlainPath(folder);
    for (let dir = folder; ; ) {
      if (fs.existsSync(plain ? resolveIn(dir, '.git') : path.join(dir, '.git'))) {
        answer = { root: dir, at: now };
        passed.push(dir);
        break;
      }
      passed.push(dir);
      const parent = plain ? folderOf(dir) : path.dirname(dir);
      const known = this.known.get(parent);
      if (known && now - known.at <= this.ttlMs) {
        answer = known;
        break;
      }
      if (parent === dir) {
        answer = { root: undefined, at: now };
        break;
      }
      dir = parent;
    }
    if (this.known.size + passed.length > MAX_REPOSITORY_ROOTS) this.known.clear();
    for (let i = 0; i < passed.length; i++) this.known.set(passed[i], answer);
    return answer.root;
  }

  /** Forgets every answer (files changed on disk). */
  clear(): void {
    this.known.clear();
  }
}

/**
 * Real paths. On Linux by one call to the C library's realpath(3) (`realpathSync.native`): the same
 * path as Node's walk in JS (links resolved the same way, names kept as written, the same error
 * codes), without a wrapped lstat per folder of the path. Elsewhere Node's walk in JS, as before: on
 * macOS realpath(3) may give names in their letter case on disk, and on Windows the native call turns
 * subst and mapped drives into other names, while the server keys open files by the walk's paths.
 */
const realPath: (file: string) => string = process.platform === 'linux' ? (file) => fs.realpathSync.native(file) : (file) => fs.realpathSync(file);

/**
 * Jenkins reads `yamlFile` with `readTrusted`, relative to the checkout: the repository root. Here
 * that is the nearest folder above the Jenkinsfile holding `.git` (a folder, or a file in a git
 * worktree), else the workspace folder that contains the Jenkinsfile, else the Jenkinsfile's folder.
 * `roots` answers the first from a host's cache; without it the folders are looked at now.
 */
export function yamlRoot(jenkinsfilePath: string, workspaceFolders: readonly string[] = [], roots?: RepositoryRoots): YamlRoot {
  const folder = folderOf(jenkinsfilePath);
  // Without a host's cache, a fresh one: the same walk up, every folder looked at now.
  const repository = (roots ?? new RepositoryRoots()).of(folder);
  if (repository !== undefined) return { path: repository, kind: 'repository' };
  const containing = workspaceFolders
    .map((f) => (f.startsWith('file:') ? localPathOf(f) : f))
    .filter((f): f is string => f !== undefined && isInsideFolder(path.resolve(f), folder, true))
    .sort((a, b) => b.length - a.length)[0];
  if (containing) return { path: path.resolve(containing), kind: 'workspace' };
  return { path: folder, kind: 'jenkinsfile' };
}

/** How hovers name the root. */
export function describeYamlRoot(root: YamlRoot): string {
  switch (root.kind) {
    case 'repository':
      return `the repository root \`${root.path}\` (the nearest folder with .git)`;
    case 'workspace':
      return `the workspace folder \`${root.path}\` (no .git found above the Jenkinsfile)`;
    default:
      return `the Jenkinsfile's folder \`${root.path}\` (no .git or workspace folder found)`;
  }
}

/**
 * Reads a `yamlFile` path for the Jenkinsfile at `jenkinsfilePath`: relative to its `yamlRoot`,
 * never outside that root.
 */
export function readYamlFileInside(jenkinsfilePath: string, relativePath: string, workspaceFolders: readonly string[] = []): string | undefined {
  return readInsideRoot(yamlRoot(jenkinsfilePath, workspaceFolders).path, relativePath);
}

/**
 * The real path of `relativePath` under `rootPath`, or why there is none: no absolute path, no
 * `..` out, no symbolic link (of the file or of a folder on the way) leading out, a regular file.
 */
export function resolveInsideRoot(rootPath: string, relativePath: string): YamlFileTarget {
  return asTarget(locateInsideRoot(rootPath, relativePath));
}

function asTarget(found: LocatedFile | { refused: string }): YamlFileTarget {
  return 'refused' in found ? found : { path: found.path, uri: pathToFileURL(found.path).href };
}

/** A regular file `locateInsideRoot` found, with what its one stat said. */
export interface LocatedFile {
  path: string;
  size: number;
  /** Device, inode, size, modification and change times: another stat with the same stamp is taken as the same content. */
  stamp: string;
  /** When its inode last changed (ms): a file cannot set this back, unlike its modification time. */
  changedMs: number;
}

/** What a read is told of a path that is not there (see locateInsideRoot's `forRead`): it keeps no reason. */
const NOT_THERE: { refused: string } = { refused: 'not readable' };

/**
 * `resolveInsideRoot`'s check, with what the stat of the regular file found said (one stat answers
 * both). `forRead`: for a read, which keeps no reason for a refusal (see NOT_THERE).
 */
function locateInsideRoot(rootPath: string, relativePath: string, forRead = false): LocatedFile | { refused: string } {
  if (relativePath === '' || path.isAbsolute(relativePath) || /^[a-zA-Z]:/.test(relativePath) || relativePath.includes('\0')) {
    return { refused: `'${relativePath}' is not a path relative to ${rootPath}` };
  }
  try {
    const root = realPath(rootPath);
    const resolved = resolveIn(root, relativePath);
    // Most `yamlFile` paths `check` meets are not there (the pod files lie outside the files it was
    // given): existsSync says so without the error realpath throws (a stack trace captured, ~0.7 M
    // instructions a path). A read drops the reason anyway; the other callers still get realpath's.
    if (forRead && !fs.existsSync(resolved)) return NOT_THERE;
    const target = realPath(resolved);
    if (!isInsideFolder(root, target)) return { refused: `'${relativePath}' leads to ${target}, outside ${root}` };
    const stat = fs.statSync(target, { bigint: true });
    if (!stat.isFile()) return { refused: `'${relativePath}' is not a regular file` };
    return {
      path: target,
      size: Number(stat.size),
      stamp: `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`,
      // The later of the two: some FUSE and network mounts report a fixed ctime.
      changedMs: Math.max(Number(stat.mtimeMs), Number(stat.ctimeMs)),
    };
  } catch (error) {
    return { refused: `'${relativePath}' cannot be found under ${rootPath} (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
}

/** Reads `relativePath` from `rootPath`, never outside it; bytes that are not UTF-8 are carried losslessly (see bytes.ts), so edits keep them. */
function readInsideRoot(rootPath: string, relativePath: string): string | undefined {
  const target = locateInsideRoot(rootPath, relativePath, true);
  return 'refused' in target ? undefined : readLocated(target);
}

/** A file `locateInsideRoot` found (its size known from that stat), when it is small enough. */
function readLocated(target: { path: string; size: number }, readBytes: (path: string) => Uint8Array = fs.readFileSync): string | undefined {
  if (target.size > MAX_YAML_FILE_BYTES) return undefined;
  try {
    return decodeBytes(readBytes(target.path)).text;
  } catch {
    return undefined;
  }
}

/**
 * A file changed this recently before it was read may change again within the same timestamp tick
 * (coarse kernel clocks, 2 s on FAT) with the same size, leaving every field of the stamp alike
 * (git's "racily clean" entries): such a read is not kept.
 */
const RACY_MS = 2000;
const MAX_KEPT_CHARS = 16 * 1024 * 1024;

/**
 * Pod file texts by real path, each kept with the stamp of the stat it was read under. The model's
 * read of a `yamlFile`, the migration's check that the file still holds what was planned from and
 * the next requests on the same version all locate the file (one stat each); a stat whose stamp is
 * the kept one is answered from here, so they share one read of the file.
 */
export class PodFileTexts {
  private readonly kept = new Map<string, { stamp: string; text: string }>();
  private chars = 0;

  constructor(
    private readonly readBytes: (path: string) => Uint8Array = fs.readFileSync,
    private readonly now: () => number = Date.now,
  ) {}

  read(file: LocatedFile): string | undefined {
    const kept = this.kept.get(file.path);
    if (kept?.stamp === file.stamp) return kept.text;
    this.drop(file.path);
    const startedAt = this.now();
    const text = readLocated(file, this.readBytes);
    // Changed between the stat and the read: kept under the old stamp, so the next stat reads it again.
    if (text !== undefined && startedAt - file.changedMs >= RACY_MS) {
      if (this.chars + text.length > MAX_KEPT_CHARS) this.clear();
      this.kept.set(file.path, { stamp: file.stamp, text });
      this.chars += text.length;
    }
    return text;
  }

  clear(): void {
    this.kept.clear();
    this.chars = 0;
  }

  private drop(path: string): void {
    const kept = this.kept.get(path);
    if (!kept) return;
    this.kept.delete(path);
    this.chars -= kept.text.length;
  }
}

/** A `file:` URI's local path; an absolute path (the CLI's) as it is. */
function uriToPath(uri: string): string | undefined {
  if (uri.startsWith('file:')) return localPathOf(uri);
  return path.isAbsolute(uri) ? uri : undefined;
}

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

/** What one scan for a ConfigMap may cost; past any of these it answers "unknown". */
export interface ScanBudget {
  maxFiles: number;
  maxBytes: number;
  maxMillis: number;
}

export const CONFIGMAP_SCAN_BUDGET: ScanBudget = { maxFiles: 500, maxBytes: 8 * 1024 * 1024, maxMillis: 2000 };

/**
 * Whether YAML `text` has a `kind: ConfigMap` line and a `name: <name>` line (quoted or not,
 * a trailing comment allowed). Plain string work, one pass over the lines: the `m`-flag regex it
 * replaces (`^\s*name:` with `\s` spanning line breaks) took 14 s on 100 KB of blank lines.
 */
export function yamlDefinesConfigMap(text: string, name: string): boolean {
  let kind = false;
  let named = false;
  for (let start = 0; start <= text.length && !(kind && named); ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let first = start;
    while (first < end && (text[first] === ' ' || text[first] === '\t')) first++;
    // Only lines that start with `kind:` or `name:` are looked at more closely.
    if (text.startsWith('kind:', first) || text.startsWith('name:', first)) {
      const value = text.slice(first + 5, end).trim();
      if (text[first] === 'k') kind ||= value === 'ConfigMap';
      else named ||= isNameValue(value, name);
    }
    start = end + 1;
  }
  return kind && named;
}

function isNameValue(value: string, name: string): boolean {
  let rest = value;
  const quote = rest[0] === '"' || rest[0] === "'" ? rest[0] : '';
  if (quote) rest = rest.slice(1);
  if (!rest.startsWith(name)) return false;
  rest = rest.slice(name.length);
  if (quote && rest[0] === quote) rest = rest.slice(1);
  rest = rest.trim();
  return rest === '' || rest[0] === '#';
}

/**
 * Whether a `*.yaml`/`*.yml` file in `directory` (two levels down at most) defines ConfigMap `name`;
 * undefined when the budget ran out or `signal` aborted before an answer. Asynchronous, one file
 * at a time, so the server keeps answering while it runs.
 */
export async function scanForConfigMap(
  directory: string,
  name: string,
  budget: ScanBudget = CONFIGMAP_SCAN_BUDGET,
  signal?: AbortSignal,
): Promise<boolean | undefined> {
  const deadline = Date.now() + budget.maxMillis;
  let files = 0;
  let bytes = 0;
  const exhausted = () => signal?.aborted === true || files >= budget.maxFiles || bytes >= budget.maxBytes || Date.now() > deadline;
  const search = async (folder: string, depth: number): Promise<boolean | undefined> => {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(folder, { withFileTypes: true });
    } catch {
      return false;
    }
    for (const entry of entries) {
      if (exhausted()) return undefined;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (depth < 2 && !SKIPPED_DIRECTORIES.has(entry.name)) {
          const found = await search(full, depth + 1);
          if (found !== false) return found;
        }
      } else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) {
        files++;
        try {
          const stat = await fs.promises.stat(full);
          if (!stat.isFile() || stat.size > MAX_YAML_FILE_BYTES) continue;
          bytes += stat.size;
          if (bytes > budget.maxBytes) return undefined;
          const text = await fs.promises.readFile(full, { encoding: 'utf8', signal });
          if (yamlDefinesConfigMap(text, name)) return true;
        } catch {
          if (signal?.aborted) return undefined;
        }
      }
    }
    return false;
  };
  return search(directory, 0);
}

/** Answers are kept this long; an older one is still given while a fresh scan runs. */
const SCAN_RESULT_TTL_MS = 5000;
const MAX_SCAN_RESULTS = 256;

/**
 * Answers `isConfigMapDefined` from a cache at once (off the request path) and refreshes it in the
 * background; `onChange` hears when an answer changed (the server then asks for new code lenses).
 */
export class ConfigMapScanner {
  private readonly results = new Map<string, { value: boolean | undefined; at: number }>();
  private readonly running = new Map<string, Promise<void>>();
  /** Made when first needed: AbortController loads a part of Node that the CLI's `check` never uses. */
  private aborter?: AbortController;

  constructor(
    private readonly onChange?: () => void,
    private readonly budget: ScanBudget = CONFIGMAP_SCAN_BUDGET,
    private readonly log?: (message: string) => void,
  ) {}

  /** The last known answer (undefined until a scan has finished), starting a scan when it is stale. */
  isDefined(directory: string, name: string): boolean | undefined {
    const key = `${directory}\0${name}`;
    const known = this.results.get(key);
    if ((!known || Date.now() - known.at > SCAN_RESULT_TTL_MS) && !this.running.has(key) && !this.controller.signal.aborted)
      this.start(key, directory, name, known?.value);
    return known?.value;
  }

  /** Resolves when every scan started so far has finished (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  /** Aborts the running scans; nothing starts afterwards. */
  dispose(): void {
    this.controller.abort();
  }

  private get controller(): AbortController {
    return (this.aborter ??= new AbortController());
  }

  private start(key: string, directory: string, name: string, previous: boolean | undefined): void {
    const scan = scanForConfigMap(directory, name, this.budget, this.controller.signal)
      .then((value) => {
        if (this.controller.signal.aborted) return;
        if (this.results.size >= MAX_SCAN_RESULTS) this.results.clear();
        this.results.set(key, { value, at: Date.now() });
        if (value !== previous) this.onChange?.();
      })
      .catch((error: unknown) => this.log?.(`Scanning ${directory} for ConfigMap ${name} failed: ${String(error)}`))
      .finally(() => this.running.delete(key));
    this.running.set(key, scan);
  }
}

/**
 * Text of a file the client names without opening it, only when it lies inside one of the
 * workspace folders (real paths, so no symlink leads out), is a regular file and is at most
 * `maxBytes`. Anything else is undefined: a client cannot make the server read `/etc/passwd`.
 */
export function readFileInsideFolders(uri: string, folderUris: readonly string[], maxBytes: number): string | undefined {
  const file = localPathOf(uri);
  if (!file) return undefined;
  try {
    const target = fs.realpathSync(file);
    const inside = folderUris.some((folderUri) => {
      const folder = localPathOf(folderUri);
      if (!folder) return false;
      try {
        return isInsideFolder(fs.realpathSync(folder), target);
      } catch {
        return false;
      }
    });
    if (!inside) return undefined;
    const stat = fs.statSync(target);
    return stat.isFile() && stat.size <= maxBytes ? fs.readFileSync(target, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

export interface NodeHostOptions {
  /** Called when a background ConfigMap scan changed an answer: code lenses may differ now. */
  onConfigMapScan?: () => void;
  /** The editor's workspace folders (URIs or paths), where `yamlFile` is read when no .git is found. */
  workspaceFolders?: () => readonly string[];
  /** The client's open buffer of a file, by real path (the server's synced documents): read instead of the disk. */
  openFile?: (path: string) => OpenFile | undefined;
  /** How pod files are read (tests count the reads), and the clock that tells a recently changed file; Node's by default. */
  readBytes?: (path: string) => Uint8Array;
  now?: () => number;
}

export interface NodeHost extends AnalysisHost {
  yamlFileTarget(uri: string, relativePath: string): YamlFileTarget;
  /**
   * The Jenkinsfiles (URIs) whose models read the file at real path `path` as a pod: their analyses
   * are stale when that file changes in the editor.
   */
  readersOf(path: string): string[];
  /** Forgets what the Jenkinsfile at `uri` read (it was closed). */
  forgetReader(uri: string): void;
  /** Files changed on disk (the client's file watcher said so): repository roots are looked up again. */
  filesChanged(): void;
  /** Resolves when the background scans started so far have finished. */
  settled(): Promise<void>;
  /** Stops the background scans (server shutdown). */
  dispose(): void;
}

export function createNodeHost(log?: (message: string) => void, options: NodeHostOptions = {}): NodeHost {
  const scanner = new ConfigMapScanner(options.onConfigMapScan, CONFIGMAP_SCAN_BUDGET, log);
  // Pod files each Jenkinsfile read (real paths); kept until it closes, so an edit of any of them re-checks it.
  const reads = new Map<string, Set<string>>();
  const roots = new RepositoryRoots();
  const texts = new PodFileTexts(options.readBytes, options.now);
  const locate = (uri: string, relativePath: string, forRead = false): LocatedFile | { refused: string } => {
    const file = uriToPath(uri);
    if (!file) return { refused: `${uri} is not a file on disk` };
    return locateInsideRoot(yamlRoot(file, options.workspaceFolders?.() ?? [], roots).path, relativePath, forRead);
  };
  return {
    log,
    isConfigMapDefined(uri, name) {
      const file = localPathOf(uri);
      return file ? scanner.isDefined(path.dirname(file), name) : undefined;
    },
    settled: () => scanner.settled(),
    dispose: () => scanner.dispose(),
    readYamlFile(uri, relativePath) {
      const target = locate(uri, relativePath, true);
      if ('refused' in target) return undefined;
      let read = reads.get(uri);
      if (!read) reads.set(uri, (read = new Set()));
      read.add(target.path);
      return options.openFile?.(target.path)?.text ?? texts.read(target);
    },
    podFile(uri, relativePath) {
      const target = locate(uri, relativePath);
      if ('refused' in target) return target;
      const open = options.openFile?.(target.path);
      return { path: target.path, uri: pathToFileURL(target.path).href, open, text: open ? open.text : texts.read(target) };
    },
    readersOf: (path) => [...reads].filter(([, paths]) => paths.has(path)).map(([uri]) => uri),
    forgetReader: (uri) => reads.delete(uri),
    filesChanged: () => {
      roots.clear();
      texts.clear();
    },
    yamlRoot(uri) {
      const file = uriToPath(uri);
      return file ? describeYamlRoot(yamlRoot(file, options.workspaceFolders?.() ?? [], roots)) : undefined;
    },
    yamlFileTarget: (uri, relativePath) => asTarget(locate(uri, relativePath)),
  };
}
