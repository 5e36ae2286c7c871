// Type-only imports: this module stays loadable without `vscode`, so unit tests can run it.
import type { FeatureState, RegistrationParams, ServerCapabilities, StaticFeature } from 'vscode-languageclient';
import { COMMANDS } from '../../server/src/shared/protocol';

const EXECUTE_COMMAND_METHOD = 'workspace/executeCommand';

/**
 * Commands this extension implements in VS Code itself (prompts, previews, file writes), even
 * when the server also offers them through `workspace/executeCommand` for other editors.
 */
export const CLIENT_OWNED_COMMANDS: ReadonlySet<string> = new Set<string>(Object.values(COMMANDS));

/**
 * vscode-languageclient registers a VS Code command for every id in the server's
 * `executeCommandProvider`. For an id the extension registers too, the second registration
 * throws ("command already exists") and the client fails to start. This feature removes
 * client-owned ids before the client's ExecuteCommandFeature sees them (`preInitialize` runs
 * for all features before any `initialize`), and remembers what the server offered so a
 * client command can still forward to the server.
 */
export class ServerCommandFilter implements StaticFeature {
  private readonly offered = new Set<string>();

  constructor(private readonly clientOwned: ReadonlySet<string> = CLIENT_OWNED_COMMANDS) {}

  /** True when the running server accepts `command` through `workspace/executeCommand`. */
  serverOffers(command: string): boolean {
    return this.offered.has(command);
  }

  fillClientCapabilities(): void {
    // Nothing to announce: this feature only edits what the server announced.
  }

  getState(): FeatureState {
    return { kind: 'static' };
  }

  preInitialize(capabilities: ServerCapabilities): void {
    this.offered.clear();
    const provider = capabilities.executeCommandProvider;
    if (provider?.commands !== undefined) {
      provider.commands = this.withoutClientOwned(provider.commands);
    }
  }

  initialize(): void {
    // All work happens in preInitialize, before the ExecuteCommandFeature initializes.
  }

  clear(): void {
    this.offered.clear();
  }

  /** The same filtering for commands the server registers later (`client/registerCapability`). */
  filterRegistrations(params: RegistrationParams): RegistrationParams {
    return {
      registrations: params.registrations.map((registration) => {
        const options = registration.registerOptions as { commands?: unknown } | undefined;
        if (registration.method !== EXECUTE_COMMAND_METHOD || !Array.isArray(options?.commands)) {
          return registration;
        }
        const commands = options.commands.filter((c): c is string => typeof c === 'string');
        return { ...registration, registerOptions: { ...options, commands: this.withoutClientOwned(commands) } };
      }),
    };
  }

  private withoutClientOwned(commands: readonly string[]): string[] {
    for (const command of commands) {
      this.offered.add(command);
    }
    return commands.filter((command) => !this.clientOwned.has(command));
  }
}
