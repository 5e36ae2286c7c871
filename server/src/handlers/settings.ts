/**
 * Settings per document: `workspace/configuration` when the client has it (cached per document
 * until the configuration changes), else one shared copy from initializationOptions and
 * `workspace/didChangeConfiguration`. Every value passes `normalizeSettings`.
 */
import type { Connection, DidChangeConfigurationParams } from 'vscode-languageserver/node';
import { SETTINGS_SECTION } from '../shared/protocol';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from '../shared/settings';
import type { ClientFeatures } from './clientFeatures';
import { describe } from './guard';

/** Distinct settings warnings remembered, so each is logged once. */
const MAX_REMEMBERED_WARNINGS = 200;

export class SettingsStore {
  private shared: Settings = DEFAULT_SETTINGS;
  private readonly byUri = new Map<string, Promise<Settings>>();
  private readonly warned = new Set<string>();
  private configurationRequests = false;

  constructor(
    private readonly connection: Connection,
    private readonly log: (message: string) => void,
  ) {}

  /** From `initialize`: whether to ask the client, and the initializationOptions (`{ jenkinsfileKaniko: {…} }` or the section itself). */
  initialize(features: ClientFeatures, initializationOptions: unknown): void {
    this.configurationRequests = features.configurationRequests;
    const options = initializationOptions as Record<string, unknown> | null | undefined;
    if (options && typeof options === 'object') this.shared = this.normalize(SETTINGS_SECTION in options ? options[SETTINGS_SECTION] : options);
  }

  /** The settings for a document (the shared ones without a uri). */
  for(uri: string | undefined): Promise<Settings> {
    if (!this.configurationRequests || uri === undefined) return Promise.resolve(this.shared);
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(
        (raw) => this.normalize(raw),
        (error: unknown) => {
          this.log(`workspace/configuration failed, using defaults: ${describe(error)}`);
          return this.shared;
        },
      );
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  /** `workspace/didChangeConfiguration`: forget what was asked; take pushed settings from clients that cannot be asked. */
  changed(params: DidChangeConfigurationParams | undefined): void {
    this.byUri.clear();
    const pushed = params?.settings as Record<string, unknown> | null | undefined;
    if (!this.configurationRequests && pushed && typeof pushed === 'object' && SETTINGS_SECTION in pushed)
      this.shared = this.normalize(pushed[SETTINGS_SECTION]);
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  private normalize(raw: unknown): Settings {
    return normalizeSettings(raw, (message) => this.warnOnce(message));
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    if (this.warned.size >= MAX_REMEMBERED_WARNINGS) this.warned.clear();
    this.warned.add(message);
    this.connection.console.warn(message);
  }
}
