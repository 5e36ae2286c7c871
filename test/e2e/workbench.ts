// What a person does in VS Code, as Playwright steps against code-server's web workbench.
// Selectors are VS Code 1.100's DOM; waits use Playwright's auto-waiting, never sleeps.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Locator, Page } from 'playwright-core';

export interface Point {
  x: number;
  y: number;
}

export class Workbench {
  constructor(readonly page: Page) {}

  async waitUntilReady(timeout?: number): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout });
  }

  /** Opens a file by clicking it in the explorer, as a person would. */
  async openFromExplorer(fileName: string): Promise<Locator> {
    await this.page.getByRole('treeitem', { name: fileName, exact: true }).click();
    const tab = this.page.locator('.tabs-container .tab.active', { hasText: fileName });
    await tab.waitFor();
    const editor = this.activeEditor();
    await editor.locator('.view-lines').waitFor();
    return editor;
  }

  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  }

  statusBarItem(id: string): Locator {
    return this.page.locator(`.statusbar [id="${id}"]`);
  }

  /** The problems item's accessible label, e.g. "Warnings: 4" or "No Problems". */
  async problemsLabel(): Promise<string> {
    return (await this.statusBarItem('status.problems').locator('[aria-label]').first().getAttribute('aria-label')) ?? '';
  }

  async waitForProblemsLabel(pattern: RegExp): Promise<string> {
    // Runs in the page (a string, since this project compiles without the DOM library).
    await this.page.waitForFunction(`(() => {
      const element = document.querySelector('.statusbar [id="status.problems"] [aria-label]');
      return !!element && new RegExp(${JSON.stringify(pattern.source)}, ${JSON.stringify(pattern.flags)})
        .test(element.getAttribute('aria-label') || '');
    })()`);
    return this.problemsLabel();
  }

  /** The editor line (a `.view-line`) that shows `text`. */
  editorLine(text: string): Locator {
    return this.activeEditor().locator('.view-line', { hasText: text }).first();
  }

  /**
   * Where the squiggle on the line showing `lineText` is drawn, once it is. Squiggles are overlay
   * elements matched to the line by vertical position; the page re-checks on every frame until
   * both exist and line up, so a squiggle still being rendered is waited for, not missed.
   */
  async squiggleOnLine(lineText: string, severity: 'warning' | 'error' | 'info' = 'warning'): Promise<Point> {
    const handle = await this.page.waitForFunction(`(() => {
      const editor = document.querySelector('.editor-group-container.active .editor-instance .monaco-editor');
      if (!editor) return null;
      // The editor renders spaces as no-break spaces.
      const line = [...editor.querySelectorAll('.view-line')]
        .find((element) => element.textContent.replace(/\u00a0/g, ' ').includes(${JSON.stringify(lineText)}));
      if (!line) return null;
      const lineBox = line.getBoundingClientRect();
      const lineMiddle = lineBox.top + lineBox.height / 2;
      for (const squiggle of editor.querySelectorAll('.view-overlays .squiggly-${severity}')) {
        const box = squiggle.getBoundingClientRect();
        if (box.width > 0 && Math.abs(box.top + box.height / 2 - lineMiddle) < lineBox.height / 2) {
          return { x: box.left + Math.min(box.width / 2, 20), y: box.top + box.height / 2 };
        }
      }
      return null;
    })()`);
    return (await handle.jsonValue()) as Point;
  }

  /** Moves the mouse onto a point and returns the hover widget that appears. */
  async hover(point: Point): Promise<Locator> {
    await this.page.mouse.move(point.x, point.y);
    const hover = this.page.locator('.monaco-hover:not(.hidden)').filter({ hasText: /\S/ }).first();
    await hover.waitFor();
    return hover;
  }

  async dismissHover(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.mouse.move(5, 5);
  }

  /** Places the cursor at a point of the editor by clicking there. */
  async clickAt(point: Point): Promise<void> {
    await this.page.mouse.click(point.x, point.y);
  }

  codeLens(title: string): Locator {
    return this.activeEditor().locator('.codelens-decoration', { hasText: title }).first();
  }

  /** Ctrl+. : the quick-fix / code-action list at the cursor. */
  async openQuickFixMenu(): Promise<Locator> {
    await this.page.keyboard.press('Control+Period');
    const menu = this.page.locator('.action-widget');
    const firstAction = menu.locator('.monaco-list-row.action').first();
    const nothingOffered = this.page.getByText('No code actions available');
    await firstAction.or(nothingOffered).first().waitFor();
    if (!(await firstAction.isVisible())) {
      throw new Error('Ctrl+. says "No code actions available" here');
    }
    return menu;
  }

  /**
   * Picks an entry of the open code-action list with the keyboard: an overlay swallows mouse
   * clicks on that list in the web workbench. Enter applies it; Control+Enter previews it.
   */
  async pickFromActionList(menu: Locator, title: string, key: 'Enter' | 'Control+Enter' = 'Enter'): Promise<void> {
    const rows = menu.locator('.monaco-list-row.action');
    await rows.filter({ hasText: title }).first().waitFor();
    const total = await rows.count();
    for (let moves = 0; moves <= total; moves++) {
      const focused = menu.locator('.monaco-list-row.action.focused');
      if ((await focused.count()) > 0 && (await focused.first().innerText()).includes(title)) {
        await this.page.keyboard.press(key);
        await menu.waitFor({ state: 'hidden' });
        return;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    const offered = await rows.allInnerTexts();
    throw new Error(`could not focus "${title}" in the action list; it offers: ${offered.join(' | ')}`);
  }

  /** The Refactor Preview panel that VS Code shows for edits that need confirmation. */
  refactorPreview(): Locator {
    return this.page.locator('.bulk-edit-panel, .refactor-preview').first();
  }

  /** Whether the first (file-level) box of the refactor preview is ticked, i.e. Apply would change the file. */
  async refactorPreviewTicked(): Promise<boolean> {
    const preview = this.refactorPreview();
    await preview.waitFor();
    return preview.locator('input.edit-checkbox').first().isChecked();
  }

  async applyRefactorPreview(): Promise<void> {
    const preview = this.refactorPreview();
    await preview.waitFor();
    await this.page.getByRole('button', { name: 'Apply', exact: true }).click();
    await preview.waitFor({ state: 'hidden' });
  }

  /** Ctrl+S on an edited editor; resolves once its tab no longer shows unsaved changes. */
  async save(): Promise<void> {
    // The tab shows "dirty" a frame after an edit: wait for it, or we might see the state before.
    const dirtyTab = this.page.locator('.tabs-container .tab.active.dirty');
    await dirtyTab.waitFor();
    await this.page.keyboard.press('Control+S');
    await dirtyTab.waitFor({ state: 'detached' });
  }

  /** Ctrl+Z in the active editor. */
  async undo(): Promise<void> {
    await this.activeEditor()
      .locator('.view-lines')
      .click({ position: { x: 5, y: 5 } });
    await this.page.keyboard.press('Control+Z');
  }

  /**
   * Saves the editor's text as it is, even when VS Code thinks it unchanged: types a character at
   * the end and deletes it (so there is something to save), then Ctrl+S.
   */
  async saveAsIs(): Promise<void> {
    await this.page.keyboard.press('Control+End');
    await this.page.keyboard.type('x');
    await this.page.keyboard.press('Backspace');
    await this.save();
  }

  /** F1, type a command's palette title, Enter. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.quickInput().locator('input');
    await input.waitFor();
    await input.fill(`>${title}`);
    await this.quickInput().locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await this.pressEnterInQuickInput();
  }

  /** The quick input (command palette, QuickPick, InputBox). */
  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /**
   * Enter in the quick input, then wait until it shows something else (the next prompt) or
   * hides: the same widget serves every prompt, so "hidden" alone would miss a follow-up prompt.
   */
  private async pressEnterInQuickInput(): Promise<void> {
    const before = await this.page.evaluate<string>(quickInputSignature);
    await this.page.keyboard.press('Enter');
    await this.page.waitForFunction(`${quickInputSignature} !== ${JSON.stringify(before)}`);
  }

  /**
   * Answers each prompt of a running command with its default (Enter) until `done` is visible;
   * returns how many prompts it answered. More than `maxPrompts` prompts is an error.
   */
  async acceptPromptsUntil(done: Locator, maxPrompts = 10): Promise<number> {
    const openPrompt = this.page.locator('.quick-input-widget:visible');
    for (let answered = 0; ; answered++) {
      await openPrompt.or(done).first().waitFor();
      if (await done.isVisible()) {
        return answered;
      }
      if (answered >= maxPrompts) {
        throw new Error(`still prompting after ${maxPrompts} answers`);
      }
      await this.pressEnterInQuickInput();
    }
  }

  /** A modal dialog (e.g. a confirmation from showWarningMessage with modal: true). */
  modalDialog(): Locator {
    return this.page.locator('.monaco-dialog-box');
  }

  tab(fileName: string): Locator {
    return this.page.locator('.tabs-container .tab', { hasText: fileName });
  }

  async screenshot(directory: string, name: string): Promise<string> {
    fs.mkdirSync(directory, { recursive: true });
    const file = path.join(directory, name);
    await this.page.screenshot({ path: file });
    return file;
  }
}

/** Page-side expression: what the quick input currently asks, or 'hidden'. */
const quickInputSignature = `(() => {
  const widget = document.querySelector('.quick-input-widget');
  if (!widget || widget.style.display === 'none' || widget.offsetParent === null) {
    return 'hidden';
  }
  const input = widget.querySelector('input');
  return [
    input && input.placeholder,
    input && input.value,
    widget.querySelector('.quick-input-title') && widget.querySelector('.quick-input-title').textContent,
    widget.querySelector('.quick-input-message') && widget.querySelector('.quick-input-message').textContent,
    widget.querySelectorAll('.quick-input-list .monaco-list-row').length,
  ].join('|');
})()`;
