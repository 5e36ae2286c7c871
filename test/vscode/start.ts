// `npm start`: the extension in a browser, without installing VS Code. Installs the built .vsix
// into the local code-server (.cache/code-server, set up by scripts/setup-vscode-test.sh), opens
// a fresh copy of examples/ and prints the URL; runs until Ctrl+C.
//
//   node out/test/vscode/start.js [--port <n>] [--vsix <file>]     (PORT also sets the port)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { codeServerDirs, copyWorkspace, defaultVsixPath, installVsix, repoRoot, RunningCodeServer, startCodeServer, workbenchUrl } from './codeServer';

interface StartOptions {
  port: number;
  vsix: string;
}

function parseArgs(argv: string[]): StartOptions {
  const options: StartOptions = { port: Number(process.env.PORT ?? 8080), vsix: defaultVsixPath };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port') {
      options.port = Number(argv[++i]);
    } else if (argv[i] === '--vsix') {
      options.vsix = path.resolve(argv[++i]);
    } else {
      throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new Error('--port must be a port number (0 picks a free one)');
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  // Kept between runs (settings, open editors); only the extension and the examples are renewed.
  const stateDir = path.join(repoRoot, '.cache', 'start');
  const dirs = codeServerDirs(stateDir);
  installVsix(options.vsix, dirs);
  // A copy, so that trying the migration never changes the repository's examples.
  const workspace = copyWorkspace(path.join(repoRoot, 'examples'), stateDir, 'examples');

  let server: RunningCodeServer;
  try {
    server = await startCodeServer({ dirs, port: options.port });
  } catch (error) {
    if (options.port === 0 || !/EADDRINUSE|address already in use/i.test(String(error))) {
      throw error;
    }
    console.log(`Port ${options.port} is taken; using a free one.`);
    server = await startCodeServer({ dirs, port: 0 });
  }

  const url = workbenchUrl(server, workspace);
  console.log(
    [
      '',
      '  Jenkinsfile Kaniko Assistant is running in VS Code (code-server) at:',
      '',
      `    ${url}`,
      '',
      `  Extension: ${path.relative(repoRoot, options.vsix)}   Examples: ${workspace} (a copy of examples/)`,
      `  Log: ${server.logFile}`,
      '  Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (): Promise<void> => {
    stopping = true;
    console.log('\nStopping code-server…');
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  const status = await server.exited;
  if (!stopping) {
    console.error(`code-server exited by itself (${status}); see ${server.logFile}`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  if (!fs.existsSync(defaultVsixPath)) {
    console.error(`(${defaultVsixPath} is missing: \`npm run package\` builds it)`);
  }
  process.exit(1);
});
