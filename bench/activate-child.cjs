'use strict';
/**
 * Measures the extension's own activation cost: `require` of dist/client.js and `activate()`,
 * in a fresh process, with a stand-in for the `vscode` module (no editor is involved, so the
 * extension host's own overhead is not counted). Prints one JSON line.
 */
const Module = require('node:module');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

/** Anything not stubbed explicitly: callable, constructible, and every property another such stand-in. */
function anything(name) {
  const target = function () {};
  return new Proxy(target, {
    get(t, key) {
      if (key === 'then') return undefined; // not a thenable
      if (key === Symbol.toPrimitive) return () => name;
      if (key === Symbol.iterator) return function* () {};
      if (key === 'prototype') return t.prototype;
      if (!(key in t)) t[key] = anything(`${name}.${String(key)}`);
      return t[key];
    },
    apply() {
      return anything(`${name}()`);
    },
    construct() {
      return anything(`new ${name}`);
    },
  });
}

const disposable = () => ({ dispose() {} });
class EventEmitter {
  constructor() {
    this.listeners = [];
    this.event = (listener) => (this.listeners.push(listener), disposable());
  }
  fire(value) {
    for (const l of this.listeners) l(value);
  }
  dispose() {}
}
const outputChannel = {
  append() {},
  appendLine() {},
  replace() {},
  clear() {},
  show() {},
  hide() {},
  dispose() {},
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  logLevel: 2,
  onDidChangeLogLevel: () => disposable(),
  name: 'stub',
};
const vscodeStub = new Proxy(
  {
    EventEmitter,
    Disposable: Object.assign(
      function Disposable(fn) {
        this.dispose = fn;
      },
      { from: (...items) => ({ dispose: () => items.forEach((i) => i && i.dispose && i.dispose()) }) },
    ),
    window: new Proxy({ createOutputChannel: () => outputChannel }, { get: (t, k) => (k in t ? t[k] : anything(`window.${String(k)}`)) }),
    workspace: new Proxy(
      {
        textDocuments: [],
        workspaceFolders: undefined,
        onDidOpenTextDocument: () => disposable(),
        getConfiguration: () => ({ get: (_key, fallback) => fallback, has: () => false, inspect: () => undefined, update: async () => undefined }),
      },
      { get: (t, k) => (k in t ? t[k] : anything(`workspace.${String(k)}`)) },
    ),
    languages: new Proxy(
      { match: () => 0, createLanguageStatusItem: () => ({ dispose() {} }) },
      { get: (t, k) => (k in t ? t[k] : anything(`languages.${String(k)}`)) },
    ),
    commands: new Proxy(
      { registerCommand: () => disposable(), registerTextEditorCommand: () => disposable(), executeCommand: async () => undefined },
      { get: (t, k) => (k in t ? t[k] : anything(`commands.${String(k)}`)) },
    ),
    version: '1.100.0',
  },
  { get: (t, k) => (k in t ? t[k] : (t[k] = anything(String(k)))) },
);

// Bundlers copy the module's own property names at load (`__toESM`), so every name of the real
// API must exist up front: take them from the vscode typings.
try {
  const typings = require('node:fs').readFileSync(path.join(root, 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
  for (const match of typings.matchAll(/^\t?export (?:declare )?(?:class|enum|namespace|const|function|let) (\w+)/gm)) void vscodeStub[match[1]];
} catch {
  // Without the typings the stand-in still answers names as they are asked for.
}

const originalLoad = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscodeStub;
  return originalLoad.call(this, request, parent, isMain);
};

const clientFile = process.argv[2] || path.join(root, 'dist', 'client.js');
const t0 = process.hrtime.bigint();
const extension = require(clientFile);
const t1 = process.hrtime.bigint();
const context = {
  subscriptions: [],
  extensionPath: root,
  extensionUri: anything('extensionUri'),
  asAbsolutePath: (p) => path.join(root, p),
  globalState: { get: () => undefined, update: async () => undefined, keys: () => [], setKeysForSync() {} },
  workspaceState: { get: () => undefined, update: async () => undefined, keys: () => [] },
  environmentVariableCollection: anything('environmentVariableCollection'),
  extensionMode: 1,
  logUri: anything('logUri'),
  storageUri: undefined,
  globalStorageUri: anything('globalStorageUri'),
};
let error;
try {
  extension.activate(context);
} catch (e) {
  error = e instanceof Error ? e.stack : String(e);
}
const t2 = process.hrtime.bigint();
process.stdout.write(
  JSON.stringify({ requireMs: Number(t1 - t0) / 1e6, activateMs: Number(t2 - t1) / 1e6, subscriptions: context.subscriptions.length, error }) + '\n',
);
process.exit(0);
