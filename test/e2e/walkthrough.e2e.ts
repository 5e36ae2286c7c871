// End to end, as a person would: VS Code (code-server in headless Chromium) with our .vsix
// installed, the seed Jenkinsfile opened from the explorer, its warnings and hover, Ctrl+. →
// "Migrate stage 'Build' to Kaniko" (applied in one step) → Undo (byte for byte) → Ctrl+. and
// Ctrl+Enter → refactor preview → apply → save, then F1 → "Generate ECR ConfigMap". Screenshots go to docs/images/ (JKA_SCREENSHOT_DIR overrides), for the README.
//
// Run: npx mocha --no-config --timeout 120000 out/test/e2e/*.e2e.js   (JKA_VSIX picks the .vsix)
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  codeServerDirs,
  defaultVsixPath,
  installVsix,
  launchChromium,
  makeRunFolder,
  repoRoot,
  RunningBrowser,
  RunningCodeServer,
  startCodeServer,
  workbenchUrl,
  writeSeedFiles,
} from '../vscode/codeServer';
import { Workbench } from './workbench';

const vsixPath = path.resolve(process.env.JKA_VSIX ?? defaultVsixPath);
const screenshotDir = path.resolve(process.env.JKA_SCREENSHOT_DIR ?? path.join(repoRoot, 'docs', 'images'));

describe('end to end in VS Code (code-server + Chromium)', function () {
  this.timeout(120_000);

  let runDir: string;
  let workspace: string;
  let server: RunningCodeServer | undefined;
  let browser: RunningBrowser | undefined;
  let workbench: Workbench;
  let keepRunDir = false;

  before(async () => {
    runDir = makeRunFolder('e2e');
    workspace = path.join(runDir, 'examples');
    fs.mkdirSync(workspace);
    writeSeedFiles(workspace, ['Jenkinsfile']);
    originalBytes = fs.readFileSync(path.join(workspace, 'Jenkinsfile'));
    const dirs = codeServerDirs(path.join(runDir, 'code-server'));
    // Installed like a person installs it, into the server's own extensions folder.
    installVsix(vsixPath, dirs);
    server = await startCodeServer({
      dirs,
      userSettings: {
        // A steady cursor and no minimap keep screenshots calm and readable.
        'editor.cursorBlinking': 'solid',
        'editor.minimap.enabled': false,
        'editor.fontSize': 14,
      },
    });
    browser = await launchChromium(dirs.stateDir, { width: 1280, height: 800 });
    browser.page.setDefaultTimeout(30_000);
    workbench = new Workbench(browser.page);
    // The workbench is megabytes of script: on a busy 2-core machine "load" can take long, so only
    // the navigation is awaited here and readiness is judged by the explorer showing the folder.
    await browser.page.goto(workbenchUrl(server, workspace), { waitUntil: 'commit' });
    await workbench.waitUntilReady(90_000);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && browser) {
      keepRunDir = true;
      const name = `failed-${(this.currentTest.title ?? 'step').replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`;
      await workbench.screenshot(runDir, name).catch(() => undefined);
      console.log(`    screenshot of the failure: ${path.join(runDir, name)}`);
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (runDir && !keepRunDir) {
      fs.rmSync(runDir, { recursive: true, force: true });
    } else if (runDir) {
      console.log(`  e2e run folder kept: ${runDir}`);
    }
  });

  const jenkinsfileOnDisk = (): string => fs.readFileSync(path.join(workspace, 'Jenkinsfile'), 'utf8');
  let originalBytes: Buffer;

  describe('the seed Jenkinsfile', () => {
    it('opens from the explorer in the Jenkinsfile language', async () => {
      const editor = await workbench.openFromExplorer('Jenkinsfile');
      await editor.locator('.view-line', { hasText: "stage('Build')" }).waitFor();
      await workbench.statusBarItem('status.editor.mode').filter({ hasText: 'Jenkinsfile' }).waitFor();
      await workbench.screenshot(screenshotDir, 'seed-jenkinsfile.png');
    });

    it('counts its warnings in the status bar', async () => {
      const label = await workbench.waitForProblemsLabel(/Warnings: [1-9]/);
      assert.match(label, /Warnings: [1-9]/);
    });

    it('shows the code lens "Migrate stage \'Build\' to Kaniko" above the stage', async () => {
      // Also settles the layout: the lens arrives late and pushes the lines below it down.
      await workbench.codeLens("Migrate stage 'Build' to Kaniko").waitFor();
    });

    it('explains the privileged dind container when hovering its squiggle', async () => {
      const squiggle = await workbench.squiggleOnLine('privileged: true');
      const hover = await workbench.hover(squiggle);
      await hover.filter({ hasText: 'dind-privileged' }).waitFor();
      await workbench.screenshot(screenshotDir, 'warning-hover.png');
      await workbench.dismissHover();
    });
  });

  describe('migrating the Build stage to Kaniko', () => {
    // Each step builds on the one before; after a failure the rest say so instead of timing out.
    let previousStepFailed = false;
    beforeEach(() => {
      if (previousStepFailed) {
        throw new Error('an earlier migration step failed');
      }
    });
    afterEach(function () {
      previousStepFailed ||= this.currentTest?.state === 'failed';
    });

    it('migrates in one step when "Migrate stage \'Build\' to Kaniko" is chosen under Ctrl+.', async () => {
      await workbench.clickAt(await workbench.squiggleOnLine('privileged: true'));
      const menu = await workbench.openQuickFixMenu();
      await menu.locator('.monaco-list-row.action', { hasText: "Migrate stage 'Build' to Kaniko" }).waitFor();
      await workbench.screenshot(screenshotDir, 'quick-fix-menu.png');
      await workbench.pickFromActionList(menu, "Migrate stage 'Build' to Kaniko");
      await workbench.editorLine('/kaniko/executor').waitFor();
      assert.equal(await workbench.refactorPreview().isVisible(), false, 'no preview stands between the choice and the edit');
    });

    it('restores the file byte for byte with one Undo', async () => {
      await workbench.undo();
      await workbench.editorLine('privileged: true').waitFor();
      await workbench.saveAsIs();
      assert.ok(Buffer.from(jenkinsfileOnDisk(), 'utf8').equals(originalBytes), 'the undone file differs from the original');
    });

    it('previews the migration with Ctrl+Enter, every edit ticked, and applies it from there', async () => {
      await workbench.clickAt(await workbench.squiggleOnLine('privileged: true'));
      const menu = await workbench.openQuickFixMenu();
      await workbench.pickFromActionList(menu, "Migrate stage 'Build' to Kaniko", 'Control+Enter');
      assert.equal(await workbench.refactorPreviewTicked(), true, 'the preview lists the edits unticked');
      await workbench.screenshot(screenshotDir, 'refactor-preview.png');
      await workbench.applyRefactorPreview();
      await workbench.editorLine('/kaniko/executor').waitFor();
    });

    it('saves a migrated Jenkinsfile whose warnings are gone', async () => {
      await workbench.save();
      const migrated = jenkinsfileOnDisk();
      assert.match(migrated, /\/kaniko\/executor/);
      assert.doesNotMatch(migrated, /privileged: true/);
      const label = await workbench.waitForProblemsLabel(/^(?!.*Warnings: [1-9])/);
      assert.doesNotMatch(label, /Warnings: [1-9]/);
      await workbench.screenshot(screenshotDir, 'migrated-jenkinsfile.png');
    });
  });

  describe('generating the ECR ConfigMap', () => {
    it('F1 → "Jenkinsfile Kaniko: Generate ECR ConfigMap" writes kaniko-docker-config.yaml', async () => {
      await workbench.openFromExplorer('Jenkinsfile');
      const configMapFile = path.join(workspace, 'kaniko-docker-config.yaml');
      assert.equal(fs.existsSync(configMapFile), false);
      await workbench.runCommand('Jenkinsfile Kaniko: Generate ECR ConfigMap');
      await workbench.acceptPromptsUntil(workbench.tab('kaniko-docker-config.yaml'));
      await workbench.editorLine('kind: ConfigMap').waitFor();
      assert.match(fs.readFileSync(configMapFile, 'utf8'), /kind: ConfigMap/);
      await workbench.screenshot(screenshotDir, 'configmap-generated.png');
    });

    it('asks before replacing an existing kaniko-docker-config.yaml, and Cancel keeps it', async () => {
      const configMapFile = path.join(workspace, 'kaniko-docker-config.yaml');
      const before = fs.readFileSync(configMapFile, 'utf8');
      await workbench.tab('Jenkinsfile').first().click();
      await workbench.runCommand('Jenkinsfile Kaniko: Generate ECR ConfigMap');
      const dialog = workbench.modalDialog();
      await workbench.acceptPromptsUntil(dialog);
      await dialog.filter({ hasText: 'already exists' }).waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      assert.equal(fs.readFileSync(configMapFile, 'utf8'), before);
    });
  });
});
