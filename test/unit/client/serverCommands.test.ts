import assert from 'node:assert/strict';
import type { RegistrationParams, ServerCapabilities } from 'vscode-languageclient';
import { COMMANDS } from '../../../server/src/shared/protocol';
import { CLIENT_OWNED_COMMANDS, ServerCommandFilter } from '../../../client/src/serverCommands';

describe('ServerCommandFilter', () => {
  it('owns every command the extension contributes', () => {
    assert.deepEqual([...CLIENT_OWNED_COMMANDS].sort(), Object.values(COMMANDS).sort());
  });

  it('keeps client-owned commands out of the ids the language client registers, and remembers them', () => {
    const filter = new ServerCommandFilter();
    const capabilities: ServerCapabilities = {
      executeCommandProvider: { commands: [COMMANDS.generateEcrConfigMap, 'jenkinsfileKaniko.server.only'] },
    };
    filter.preInitialize(capabilities);
    assert.deepEqual(capabilities.executeCommandProvider?.commands, ['jenkinsfileKaniko.server.only']);
    assert.equal(filter.serverOffers(COMMANDS.generateEcrConfigMap), true);
    assert.equal(filter.serverOffers('jenkinsfileKaniko.server.only'), true);
    assert.equal(filter.serverOffers(COMMANDS.migrateToKaniko), false);
  });

  it('accepts a server without executeCommandProvider', () => {
    const filter = new ServerCommandFilter();
    const capabilities: ServerCapabilities = {};
    filter.preInitialize(capabilities);
    assert.deepEqual(capabilities, {});
    assert.equal(filter.serverOffers(COMMANDS.migrateToKaniko), false);
  });

  it('filters dynamic executeCommand registrations and leaves others alone', () => {
    const filter = new ServerCommandFilter();
    const params: RegistrationParams = {
      registrations: [
        { id: '1', method: 'workspace/executeCommand', registerOptions: { commands: [COMMANDS.migrateToKaniko, 'other'] } },
        { id: '2', method: 'textDocument/codeLens', registerOptions: { resolveProvider: true } },
      ],
    };
    const filtered = filter.filterRegistrations(params);
    assert.deepEqual(filtered.registrations[0].registerOptions, { commands: ['other'] });
    assert.deepEqual(filtered.registrations[1], params.registrations[1]);
    assert.deepEqual(params.registrations[0].registerOptions, { commands: [COMMANDS.migrateToKaniko, 'other'] });
    assert.equal(filter.serverOffers(COMMANDS.migrateToKaniko), true);
  });

  it('forgets what the server offered when the client stops', () => {
    const filter = new ServerCommandFilter();
    filter.preInitialize({ executeCommandProvider: { commands: [COMMANDS.migrateToKaniko] } });
    filter.clear();
    assert.equal(filter.serverOffers(COMMANDS.migrateToKaniko), false);
  });
});
