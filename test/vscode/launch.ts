// Runs the extension-host mocha suite (test/vscode/suite) in a real VS Code and exits with its
// result. With VSCODE_EXECUTABLE set (or JKA_VSCODE_DOWNLOAD=1 on a machine that can download
// VS Code) it uses @vscode/test-electron; otherwise code-server + headless Chromium, which works
// offline.
//
//   node out/test/vscode/launch.js [--vsix <file> | --repo] [--timeout <seconds>] [--keep]
//
// --vsix (default: dist/<name>.vsix when it exists) tests the packaged extension, unpacked;
// --repo tests the repository itself as the extension (needs dist/ bundles built).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import {
  codeServerDirs,
  copyWorkspace,
  defaultVsixPath,
  installVsix,
  launchChromium,
  makeRunFolder,
  remoteUri,
  repoRoot,
  RunningBrowser,
  RunningCodeServer,
  startCodeServer,
  workbenchUrl,
  writeSeedFiles,
} from './codeServer';

interface LaunchOptions {
  vsix?: string;
  timeoutSeconds: number;
  keepRunFolder: boolean;
}

function parseArgs(argv: string[]): LaunchOptions {
  const options: LaunchOptions = {
    vsix: fs.existsSync(defaultVsixPath) ? defaultVsixPath : undefined,
    timeoutSeconds: Number(process.env.JKA_VSCODE_TIMEOUT ?? 180),
    keepRunFolder: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--vsix') {
      options.vsix = path.resolve(argv[++i]);
    } else if (arg === '--repo') {
      options.vsix = undefined;
    } else if (arg === '--timeout') {
      options.timeoutSeconds = Number(argv[++i]);
    } else if (arg === '--keep') {
      options.keepRunFolder = true;
    } else {
      throw new Error(`unknown argument ${arg}`);
    }
  }
  if (!(options.timeoutSeconds > 0)) {
    throw new Error('--timeout must be a positive number of seconds');
  }
  return options;
}

/** Workbench start-up messages that say nothing about the suite (still kept in workbench.log). */
const workbenchChatter =
  /^(Resolving connection token|Resolved connection token|Creating a socket|Updating additional builtin extensions cache|\[Service Worker\]|ChatSessionStore:|Creation of workbench contribution|Ignoring fetching additional builtin extensions|Started local extension host|Extension host .* started)/;

const suiteIndex = path.join(__dirname, 'suite', 'index');
const workspaceFixture = path.join(repoRoot, 'test', 'vscode', 'workspace');
/**
 * The suite's Jenkinsfiles that are the seed as it is: written into each run's copy of
 * workspaceFixture from test/fixtures/seed instead of being committed there. One per area, since
 * tests edit and save them; files that differ from the seed are committed in workspaceFixture.
 */
const seededWorkspaceFiles = [
  'Jenkinsfile',
  'Jenkinsfile.prod',
  'ci/x.jenkinsfile',
  'diagnostics/Jenkinsfile',
  'fixall/Jenkinsfile',
  'groovy-mode/Jenkinsfile',
  'migration/Jenkinsfile',
];

const launched = Date.now();

function say(message: string): void {
  const seconds = ((Date.now() - launched) / 1000).toFixed(1).padStart(5);
  process.stdout.write(`[vscode-test ${seconds}s] ${message}\n`);
}

/** Unzips a .vsix without code-server (desktop VS Code path); its files live under extension/. */
function unpackVsix(vsix: string, runDir: string): string {
  const target = path.join(runDir, 'vsix');
  const result = spawnSync('unzip', ['-q', '-o', vsix, 'extension/*', '-d', target], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`unzip ${vsix} failed (is unzip installed?): ${result.stderr ?? result.error}`);
  }
  return path.join(target, 'extension');
}

async function runInDesktopVsCode(options: LaunchOptions, runDir: string, workspace: string): Promise<number> {
  const { runTests } = await import('@vscode/test-electron');
  const extensionDevelopmentPath = options.vsix ? unpackVsix(options.vsix, runDir) : repoRoot;
  say(`desktop VS Code (${process.env.VSCODE_EXECUTABLE ?? 'downloaded 1.100.3'}), extension from ${extensionDevelopmentPath}`);
  try {
    return await runTests({
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      version: process.env.VSCODE_EXECUTABLE ? undefined : '1.100.3',
      extensionDevelopmentPath,
      extensionTestsPath: suiteIndex,
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir',
        path.join(runDir, 'user-data'),
        '--extensions-dir',
        path.join(runDir, 'extensions'),
      ],
    });
  } catch (error) {
    say(`desktop VS Code run failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

/** Set while a code-server run is in progress: ends it with a failure (the global timeout uses it). */
let abortRun: ((reason: string) => void) | undefined;

async function runInCodeServer(options: LaunchOptions, runDir: string, workspace: string): Promise<number> {
  const dirs = codeServerDirs(path.join(runDir, 'code-server'));
  let extensionDevelopmentPath = repoRoot;
  if (options.vsix) {
    // Unpacked into a folder of its own, not the server's extensions dir, so it is loaded once: as
    // the development extension the tests run against.
    extensionDevelopmentPath = installVsix(options.vsix, codeServerDirs(path.join(runDir, 'vsix-install')));
    say(`unpacked ${path.relative(repoRoot, options.vsix)} with code-server --install-extension`);
  }

  let server: RunningCodeServer | undefined;
  let browser: RunningBrowser | undefined;
  let settled = false;
  let settle!: (code: number) => void;
  const result = new Promise<number>((resolve) => {
    settle = (code) => {
      settled = true;
      resolve(code);
    };
  });
  abortRun = (reason) => {
    if (settled) {
      return;
    }
    say(reason);
    const page = browser?.page;
    if (!page) {
      settle(1);
      return;
    }
    // What the workbench showed when it hung is the best clue.
    void page
      .screenshot({ path: path.join(runDir, 'abort.png') })
      .catch(() => undefined)
      .finally(() => settle(1));
  };
  try {
    server = await startCodeServer({ dirs });
    say(`code-server listening on ${server.origin}`);
    browser = await launchChromium(dirs.stateDir);
    const { page } = browser;
    const browserLog = fs.createWriteStream(path.join(runDir, 'browser-console.log'));
    page.on('console', (message) => browserLog.write(`[${message.type()}] ${message.text()}\n`));
    page.on('pageerror', (error) => browserLog.write(`[pageerror] ${error.stack ?? error.message}\n`));
    page.on('requestfailed', (request) => browserLog.write(`[requestfailed] ${request.url()} ${request.failure()?.errorText ?? ''}\n`));

    // Both must exist before the workbench loads: it looks them up when the test run starts.
    const workbenchLog = fs.createWriteStream(path.join(runDir, 'workbench.log'));
    await page.exposeFunction('codeAutomationLog', (level: string, args: unknown) => {
      // The workbench's log, which includes the extension host's console (mocha's reporter).
      const line = Array.isArray(args) ? format(...(args as unknown[])) : String(args);
      workbenchLog.write(`${((Date.now() - launched) / 1000).toFixed(1)}s [${level}] ${line}\n`);
      if (!workbenchChatter.test(line)) {
        process.stdout.write(`${line}\n`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => {
      say(`the extension host finished the suite with exit code ${code}`);
      settle(code);
    });
    page.on('crash', () => abortRun?.('the workbench page crashed'));
    void server.exited.then((status) => abortRun?.(`code-server exited (${status}) during the run; log: ${server!.logFile}`));

    const payload: [string, string][] = [
      ['extensionDevelopmentPath', remoteUri(server, extensionDevelopmentPath)],
      ['extensionTestsPath', remoteUri(server, suiteIndex)],
      ['skipWelcome', 'true'],
    ];
    say(`opening the workbench in headless Chromium; extension under test: ${extensionDevelopmentPath}`);
    // Only the navigation: the suite's end (or the global timeout) is what we wait for, and the
    // workbench's "load" event can take long on a busy machine.
    await page.goto(workbenchUrl(server, workspace, payload), { waitUntil: 'commit', timeout: 60_000 });
    return await result;
  } finally {
    abortRun = undefined;
    await browser?.close();
    await server?.stop();
    say('stopped Chromium and code-server');
  }
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const runDir = makeRunFolder('vscode-test');
  const workspace = copyWorkspace(workspaceFixture, runDir);
  writeSeedFiles(workspace, seededWorkspaceFiles);
  const timeoutMessage = `TIMEOUT: the VS Code test run did not finish within ${options.timeoutSeconds} s`;
  const globalTimer = setTimeout(() => {
    abortRun?.(timeoutMessage);
    // If even the clean-up hangs, leave anyway; the exit hook kills code-server's process group.
    setTimeout(() => {
      say(`${timeoutMessage}; clean-up hung too, exiting. Logs: ${runDir}`);
      process.exit(1);
    }, 20_000).unref();
  }, options.timeoutSeconds * 1000);
  globalTimer.unref();

  let code = 1;
  try {
    const desktop = !!process.env.VSCODE_EXECUTABLE || process.env.JKA_VSCODE_DOWNLOAD === '1';
    code = desktop ? await runInDesktopVsCode(options, runDir, workspace) : await runInCodeServer(options, runDir, workspace);
  } catch (error) {
    say(`harness error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    code = 1;
  } finally {
    clearTimeout(globalTimer);
  }
  if (code === 0 && !options.keepRunFolder) {
    fs.rmSync(runDir, { recursive: true, force: true });
    say('extension-host suite passed');
  } else {
    say(`extension-host suite ${code === 0 ? 'passed' : `FAILED (exit ${code})`}; logs and workspace kept in ${runDir}`);
  }
  return code;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // process.exit runs the 'exit' hook in codeServer.ts, which kills the server's process group.
  process.once(signal, () => process.exit(130));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`harness error: ${String(error)}`);
    process.exit(1);
  },
);
