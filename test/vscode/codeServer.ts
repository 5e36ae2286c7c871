// Runs a real VS Code on a machine that cannot download one: code-server (VS Code 1.100's server
// and web workbench, installed from npm by scripts/setup-vscode-test.sh) driven by Debian's
// Chromium through playwright-core. Shared by the extension-host test launcher, the end-to-end
// tests and `npm start`.
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, BrowserContext, Page } from 'playwright-core';

/** This file runs from out/test/vscode/, three levels below the repository. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  name: string;
  publisher: string;
};
export const extensionId = `${manifest.publisher}.${manifest.name}`;
export const defaultVsixPath = path.join(repoRoot, 'dist', `${manifest.name}.vsix`);

const setupHint = 'run `bash scripts/setup-vscode-test.sh` (as root on a fresh machine)';

export function codeServerEntry(): string {
  const entry = process.env.CODE_SERVER_ENTRY ?? path.join(repoRoot, '.cache', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!fs.existsSync(entry)) {
    throw new Error(`code-server is not installed (${entry} is missing): ${setupHint}`);
  }
  return entry;
}

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((candidate): candidate is string => !!candidate && fs.existsSync(candidate));
  if (!found) {
    throw new Error(`Chromium is not installed (looked for /usr/bin/chromium; set CHROMIUM_PATH): ${setupHint}`);
  }
  return found;
}

/** A fresh folder for one run: profiles, logs, a copy of the workspace. */
export function makeRunFolder(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `jka-${label}-`));
}

/** Copies a fixture workspace so that tests may edit, save and create files freely. */
export function copyWorkspace(source: string, runDir: string, name = 'workspace'): string {
  const target = path.join(runDir, name);
  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(source, target, { recursive: true });
  makeWritable(target);
  return target;
}

/** The seed Jenkinsfile; the workspaces of the suite and the e2e get their copies of it at run time. */
export const seedJenkinsfile = path.join(repoRoot, 'test', 'fixtures', 'seed', 'before.Jenkinsfile');

/**
 * Writes the seed Jenkinsfile to each of `relativePaths` inside `workspace` (a run's copy), so
 * the repository holds it once. A committed file at one of those paths is an error, not something
 * to overwrite: it would mean the manifest and the fixture folder disagree.
 */
export function writeSeedFiles(workspace: string, relativePaths: readonly string[]): void {
  const seed = fs.readFileSync(seedJenkinsfile);
  for (const relativePath of relativePaths) {
    const target = path.join(workspace, ...relativePath.split('/'));
    if (fs.existsSync(target)) {
      throw new Error(`${relativePath} is already in the workspace; it is written from ${seedJenkinsfile}, so remove one of them`);
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, seed);
  }
}

/** Fixtures may come from read-only sources; tests and people must be able to save them. */
function makeWritable(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const entryPath = path.join(dir, entry.name);
    fs.chmodSync(entryPath, fs.statSync(entryPath).mode | 0o200);
    if (entry.isDirectory()) {
      makeWritable(entryPath);
    }
  }
}

export interface CodeServerDirs {
  /** Holds config.yaml, the XDG folders and code-server.log. */
  stateDir: string;
  userDataDir: string;
  extensionsDir: string;
}

export function codeServerDirs(stateDir: string): CodeServerDirs {
  return {
    stateDir,
    userDataDir: path.join(stateDir, 'user-data'),
    extensionsDir: path.join(stateDir, 'extensions'),
  };
}

/** User settings that keep the workbench quiet and deterministic: no welcome page, no tips, no updates. */
const quietUserSettings = {
  'workbench.startupEditor': 'none',
  // VS Code for the web saves after a second by default; desktop VS Code, whose behaviour the tests
  // describe (edit, then Ctrl+S or document.save()), does not.
  'files.autoSave': 'off',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
};

function prepareDirs(dirs: CodeServerDirs, extraUserSettings: Record<string, unknown>): void {
  for (const dir of [dirs.stateDir, dirs.userDataDir, dirs.extensionsDir]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  const userSettingsDir = path.join(dirs.userDataDir, 'User');
  fs.mkdirSync(userSettingsDir, { recursive: true });
  fs.writeFileSync(path.join(userSettingsDir, 'settings.json'), JSON.stringify({ ...quietUserSettings, ...extraUserSettings }, null, 2));
  // Our own config file, so code-server neither reads nor writes ~/.config/code-server.
  fs.writeFileSync(path.join(dirs.stateDir, 'config.yaml'), 'auth: none\ncert: false\n');
}

function isolatedEnv(stateDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(stateDir, 'xdg-config'),
    XDG_CACHE_HOME: path.join(stateDir, 'xdg-cache'),
    XDG_DATA_HOME: path.join(stateDir, 'xdg-data'),
  };
  // A launcher started from inside VS Code must not hand its IPC hooks to the child.
  for (const key of Object.keys(env)) {
    if (key.startsWith('VSCODE_') && key !== 'VSCODE_EXECUTABLE') {
      delete env[key];
    }
  }
  delete env.ELECTRON_RUN_AS_NODE;
  // No extension gallery: the machine is offline and the tests must not reach out anyway.
  env.EXTENSIONS_GALLERY = JSON.stringify({ serviceUrl: '', itemUrl: '', resourceUrlTemplate: '', controlUrl: '' });
  return env;
}

function baseArgs(dirs: CodeServerDirs): string[] {
  return ['--config', path.join(dirs.stateDir, 'config.yaml'), '--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir];
}

/**
 * Installs a .vsix with code-server's own installer into `extensionsDir` and returns the folder it
 * unpacked, which can also serve as an extensionDevelopmentPath.
 */
export function installVsix(vsixPath: string, dirs: CodeServerDirs): string {
  if (!fs.existsSync(vsixPath)) {
    throw new Error(`${vsixPath} does not exist: run \`npm run package\` first`);
  }
  prepareDirs(dirs, {});
  const result = spawnSync(process.execPath, [codeServerEntry(), ...baseArgs(dirs), '--force', '--install-extension', vsixPath], {
    env: isolatedEnv(dirs.stateDir),
    encoding: 'utf8',
    timeout: 120_000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) {
    throw new Error(`code-server --install-extension ${vsixPath} failed (${result.status ?? result.signal}):\n${output}`);
  }
  const prefix = `${extensionId}-`.toLowerCase();
  const installed = fs
    .readdirSync(dirs.extensionsDir)
    .filter((name) => name.toLowerCase().startsWith(prefix))
    .map((name) => path.join(dirs.extensionsDir, name))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (installed.length === 0) {
    throw new Error(`installing ${vsixPath} did not produce ${extensionId} in ${dirs.extensionsDir}:\n${output}`);
  }
  return installed[0];
}

export interface RunningCodeServer {
  port: number;
  origin: string;
  logFile: string;
  /** The server's log so far (useful in failure messages). */
  log(): string;
  /** Settles when the process exits, with its exit code or signal. */
  exited: Promise<string>;
  stop(): Promise<void>;
}

export interface StartOptions {
  dirs: CodeServerDirs;
  /** 0 picks a free port; code-server prints the one it bound. */
  port?: number;
  userSettings?: Record<string, unknown>;
  /** Also copy code-server's output here (e.g. process.stderr). */
  echo?: NodeJS.WritableStream;
  startupTimeoutMs?: number;
}

const liveServers = new Set<ChildProcess>();

/** Last-resort cleanup: no code-server outlives the Node process that started it. */
process.once('exit', () => {
  for (const child of liveServers) {
    killGroup(child, 'SIGKILL');
  }
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  try {
    // Negative pid: the whole process group this child leads (server, extension host, watchers).
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

export async function startCodeServer(options: StartOptions): Promise<RunningCodeServer> {
  const { dirs } = options;
  prepareDirs(dirs, options.userSettings ?? {});
  const logFile = path.join(dirs.stateDir, 'code-server.log');
  const logStream = fs.createWriteStream(logFile);
  let logText = '';
  const args = [
    codeServerEntry(),
    ...baseArgs(dirs),
    '--bind-addr',
    `127.0.0.1:${options.port ?? 0}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  const child = spawn(process.execPath, args, {
    env: isolatedEnv(dirs.stateDir),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  liveServers.add(child);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      liveServers.delete(child);
      resolve(signal ?? String(code));
    });
  });

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`code-server did not start listening within ${options.startupTimeoutMs ?? 60_000} ms:\n${logText}`));
    }, options.startupTimeoutMs ?? 60_000);
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      logText += text;
      logStream.write(text);
      options.echo?.write(text);
      const match = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(logText);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    void exited.then((status) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${status}) before listening:\n${logText}`));
    });
  }).catch(async (error: unknown) => {
    killGroup(child, 'SIGKILL');
    await exited;
    throw error;
  });

  const stop = async (): Promise<void> => {
    killGroup(child, 'SIGTERM');
    const graceful = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000).unref())]);
    if (!graceful) {
      killGroup(child, 'SIGKILL');
      await exited;
    }
    // The extension host may have left its own group members behind; sweep the group once more.
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // nothing left
    }
    logStream.end();
  };

  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    logFile,
    log: () => logText,
    exited,
    stop,
  };
}

/** The `vscode-remote:` URI under which the web workbench sees a path of this machine. */
export function remoteUri(server: RunningCodeServer, fsPath: string): string {
  return `vscode-remote://127.0.0.1:${server.port}${fsPath}`;
}

/**
 * The workbench URL for a folder; `payload` pairs are passed to the workbench as if they were
 * command-line flags (e.g. extensionDevelopmentPath, extensionTestsPath).
 */
export function workbenchUrl(server: RunningCodeServer, folder: string, payload?: [string, string][]): string {
  let url = `${server.origin}/?folder=${encodeURIComponent(folder)}`;
  if (payload) {
    url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }
  return url;
}

export interface RunningBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Headless Debian Chromium with a fresh profile inside `stateDir`. */
export async function launchChromium(stateDir: string, viewport: { width: number; height: number } = { width: 1280, height: 800 }): Promise<RunningBrowser> {
  const context = await chromium.launchPersistentContext(path.join(stateDir, 'chromium-profile'), {
    executablePath: chromiumPath(),
    headless: true,
    viewport,
    env: {
      ...process.env,
      XDG_CONFIG_HOME: path.join(stateDir, 'xdg-config'),
      XDG_CACHE_HOME: path.join(stateDir, 'xdg-cache'),
    },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      // Only this machine's loopback resolves: nothing the workbench does may leave it. (Cheaper
      // than request interception, which slows the workbench's hundreds of module loads.)
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
    },
  };
}
