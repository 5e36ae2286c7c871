import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../../server/src/shared/protocol';
import { JENKINSFILE_GLOBS, JENKINSFILE_LANGUAGE } from '../../../client/src/documentSelector';
import { JENKINSFILE_FILENAME_PATTERNS, JENKINSFILE_FILENAMES } from '../../../server/src/shared/jenkinsfiles';
import { RULES } from '../../../server/src/rules';
import { repoRoot } from './repo';

const root = repoRoot();
const manifest: any = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const settings: Record<string, any> = manifest.contributes.configuration.properties;

/** Every registered rule needs its setting; the registry's own test pins the catalogue. */
const RULE_IDS = RULES.map((rule) => rule.meta.id);
const SEVERITIES = ['off', 'error', 'warning', 'information', 'hint'];

/** Enough of semver ranges for engines.vscode: `^x.y.z`, `>=x.y.z` and `x.y.z`. */
function rangeAllows(range: string, version: string): boolean {
  const parse = (v: string): number[] => v.split('.').map(Number);
  const compare = (a: number[], b: number[]): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  const match = /^(\^|>=)?(\d+\.\d+\.\d+)$/.exec(range.trim());
  assert.ok(match, `engines.vscode "${range}" is not a range this test understands`);
  const [, operator, floor] = match;
  const want = parse(version);
  const min = parse(floor);
  if (operator === undefined) return compare(want, min) === 0;
  if (operator === '>=') return compare(want, min) >= 0;
  return compare(want, min) >= 0 && want[0] === min[0];
}

function isPng128(file: string): boolean {
  const png = readFileSync(file);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return png.subarray(0, 8).equals(signature) && png.toString('ascii', 12, 16) === 'IHDR' && png.readUInt32BE(16) === 128 && png.readUInt32BE(20) === 128;
}

describe('package.json manifest', () => {
  describe('activation and entry point', () => {
    it('activates on the jenkinsfile language or a workspace with Jenkinsfiles, never on every Groovy file (commands are inferred)', () => {
      const [onLanguage, workspaceContains, ...others] = manifest.activationEvents as string[];
      assert.equal(onLanguage, 'onLanguage:jenkinsfile');
      assert.deepEqual(others, []);
      // Every name and pattern of the one rule (server/src/shared/jenkinsfiles.ts), as the language claims them.
      const globs = /^workspaceContains:\*\*\/\{(.*)\}$/.exec(workspaceContains)?.[1].split(',') ?? [];
      const language = manifest.contributes.languages.find((l: { id: string }) => l.id === JENKINSFILE_LANGUAGE);
      const claimed = [...language.filenamePatterns].map((p: string) => p.replace(/^\*\*\//, ''));
      assert.deepEqual([...globs].sort(), [...new Set(claimed)].sort());
    });

    it('starts from the client bundle', () => {
      assert.equal(manifest.main, './dist/client.js');
    });

    it('allows VS Code 1.100.0, the version code-server 4.100.3 embeds', () => {
      assert.ok(rangeAllows(manifest.engines.vscode, '1.100.0'), manifest.engines.vscode);
    });

    it('supports untrusted workspaces, and virtual ones in part, saying why', () => {
      assert.deepEqual(manifest.capabilities.untrustedWorkspaces, { supported: true });
      assert.equal(manifest.capabilities.virtualWorkspaces.supported, 'limited');
      assert.match(manifest.capabilities.virtualWorkspaces.description, /yamlFile/);
    });
  });

  describe('language', () => {
    const language = manifest.contributes.languages.find((l: { id: string }) => l.id === JENKINSFILE_LANGUAGE);

    it('contributes jenkinsfile with its file names, patterns and extension', () => {
      assert.ok(language, 'no jenkinsfile language');
      // The one file-name rule: server/src/shared/jenkinsfiles.ts.
      assert.deepEqual(language.filenames, [...JENKINSFILE_FILENAMES]);
      assert.deepEqual(language.filenamePatterns, [...JENKINSFILE_FILENAME_PATTERNS]);
      assert.deepEqual(language.extensions, ['.jenkinsfile']);
      assert.ok(language.aliases.includes('Jenkinsfile'));
    });

    it('serves Groovy documents under every name the language claims', () => {
      const names = [...language.filenames, ...language.filenamePatterns, ...language.extensions.map((e: string) => `*${e}`)];
      for (const name of names) {
        assert.ok(JENKINSFILE_GLOBS.includes(name.startsWith('**/') ? name : `**/${name}`), `no document selector glob for ${name}`);
      }
    });

    it('has a language configuration with comments, brackets and triple-quote auto-closing', () => {
      const file = join(root, language.configuration);
      const configuration = JSON.parse(readFileSync(file, 'utf8'));
      assert.equal(configuration.comments.lineComment, '//');
      assert.deepEqual(configuration.comments.blockComment, ['/*', '*/']);
      const opens = configuration.autoClosingPairs.map((p: { open: string }) => p.open);
      for (const open of ['{', '[', '(', "'", '"', "'''", '"""']) {
        assert.ok(opens.includes(open), `no auto-closing pair for ${open}`);
      }
      assert.ok(configuration.folding.markers.start);
      for (const pattern of [
        configuration.wordPattern,
        configuration.indentationRules.increaseIndentPattern,
        configuration.indentationRules.decreaseIndentPattern,
      ]) {
        assert.doesNotThrow(() => new RegExp(pattern));
      }
    });
  });

  describe('settings', () => {
    it('gives every setting a description and a default that fits its type and enum', () => {
      assert.equal(manifest.contributes.configuration.title, 'Jenkinsfile Kaniko');
      for (const [key, setting] of Object.entries(settings)) {
        assert.ok(key.startsWith('jenkinsfileKaniko.'), key);
        assert.ok(setting.description || setting.markdownDescription, `${key} has no description`);
        assert.ok('default' in setting, `${key} has no default`);
        const actual = Array.isArray(setting.default) ? 'array' : typeof setting.default;
        assert.equal(actual, setting.type === 'integer' ? 'number' : setting.type, `${key} default type`);
        if (setting.enum) {
          assert.ok(setting.enum.includes(setting.default), `${key} default not in its enum`);
          assert.equal(setting.enumDescriptions?.length, setting.enum.length, `${key} enumDescriptions`);
        }
        if (setting.pattern) {
          assert.match(setting.default, new RegExp(setting.pattern), `${key} default does not match its pattern`);
        }
      }
    });

    it('offers a severity setting for every rule, and nothing else', () => {
      const rules = settings['jenkinsfileKaniko.rules'];
      assert.equal(rules.type, 'object');
      assert.deepEqual(rules.default, {});
      assert.equal(rules.additionalProperties, false);
      assert.deepEqual(Object.keys(rules.properties).sort(), [...RULE_IDS].sort());
      for (const id of RULE_IDS) {
        assert.deepEqual(rules.properties[id].enum, SEVERITIES, id);
        assert.ok(rules.properties[id].markdownDescription, `${id} has no description`);
      }
    });

    it('has the documented defaults', () => {
      const defaults = Object.fromEntries(Object.entries(settings).map(([key, s]) => [key, s.default]));
      assert.deepEqual(defaults, {
        'jenkinsfileKaniko.rules': {},
        'jenkinsfileKaniko.kanikoImage': 'ghcr.io/osscontainertools/kaniko:v1.28.3-debug',
        'jenkinsfileKaniko.kanikoKeepAlive': 'cat',
        'jenkinsfileKaniko.configMapName': 'docker-config',
        'jenkinsfileKaniko.configMapFile': 'kaniko-docker-config.yaml',
        'jenkinsfileKaniko.registryCredentials': 'jenkins',
        'jenkinsfileKaniko.serviceAccountName': '',
        'jenkinsfileKaniko.awsRoleArn': '',
        'jenkinsfileKaniko.kanikoCache': false,
        'jenkinsfileKaniko.codeLens': true,
        'jenkinsfileKaniko.trace.server': 'off',
      });
      assert.deepEqual(settings['jenkinsfileKaniko.kanikoKeepAlive'].enum, ['cat', 'sleep']);
      assert.deepEqual(settings['jenkinsfileKaniko.trace.server'].enum, ['off', 'messages', 'verbose']);
    });
  });

  describe('commands', () => {
    const commands: { command: string; title?: string; category?: string }[] = manifest.contributes.commands;

    it('gives every command a title and the extension category', () => {
      for (const command of commands) {
        assert.ok(command.title, `${command.command} has no title`);
        assert.equal(command.category, 'Jenkinsfile Kaniko', command.command);
      }
    });

    it('contributes exactly the commands the client registers', () => {
      assert.deepEqual(commands.map((c) => c.command).sort(), Object.values(COMMANDS).sort());
    });

    it('shows Jenkinsfile commands in menus only for Jenkinsfiles', () => {
      for (const [menu, items] of Object.entries<{ command: string; when?: string }[]>(manifest.contributes.menus ?? {})) {
        for (const item of items) {
          assert.match(item.when ?? '', /jenkinsfile/i, `${menu}: ${item.command} has no Jenkinsfile when clause`);
        }
      }
    });

    it('walks a newcomer through open, see, migrate and generate, with media that ship', () => {
      const [walkthrough] = manifest.contributes.walkthroughs;
      assert.deepEqual(
        walkthrough.steps.map((step: { id: string }) => step.id),
        ['openExample', 'seeWarning', 'migrate', 'configMap'],
      );
      for (const step of walkthrough.steps) {
        assert.ok(existsSync(join(root, step.media.markdown)), step.media.markdown);
      }
      assert.match(readFileSync(join(root, '.vscodeignore'), 'utf8'), /^!docs\/walkthrough\/\*\.md$/m);
    });

    it('only names contributed commands in menus', () => {
      const known = new Set(commands.map((c) => c.command));
      for (const [menu, items] of Object.entries<{ command: string }[]>(manifest.contributes.menus ?? {})) {
        for (const item of items) {
          assert.ok(known.has(item.command), `${menu} names unknown command ${item.command}`);
        }
      }
    });
  });

  describe('marketplace', () => {
    it('has the fields a marketplace listing needs', () => {
      for (const field of ['publisher', 'displayName', 'description', 'version']) {
        assert.equal(typeof manifest[field], 'string', field);
        assert.ok(manifest[field].length > 0, field);
      }
      assert.deepEqual([...manifest.categories].sort(), ['Linters', 'Programming Languages']);
      assert.ok(manifest.keywords.length > 0 && manifest.keywords.length <= 30, 'the marketplace takes 1-30 keywords');
      assert.match(manifest.repository.url, /^https:\/\//);
      assert.equal(manifest.license, 'MIT');
      assert.ok(manifest.galleryBanner?.color);
    });

    it('has a 128x128 PNG icon, a LICENSE and a CHANGELOG', () => {
      assert.match(manifest.icon, /\.png$/);
      assert.ok(isPng128(join(root, manifest.icon)), `${manifest.icon} is not a 128x128 PNG`);
      assert.match(readFileSync(join(root, 'LICENSE'), 'utf8'), /^MIT License/);
      assert.ok(existsSync(join(root, 'CHANGELOG.md')));
    });

    it('sends no telemetry', () => {
      const dependencies = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
      assert.deepEqual(
        dependencies.filter((d) => /telemetry|applicationinsights/i.test(d)),
        [],
      );
    });

    it('packages with bundles and without node_modules', () => {
      assert.match(manifest.scripts.bundle, /esbuild/);
      assert.match(manifest.scripts.package, /npm run bundle && vsce package --no-dependencies/);
    });
  });
});
