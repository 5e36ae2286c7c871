/**
 * Command ids contributed in package.json. The manifest test checks that both lists agree,
 * so a renamed command cannot silently lose its palette entry.
 */
export const COMMANDS = {
  generateEcrConfigMap: 'jenkinsfileKaniko.generateEcrConfigMap',
  migrateToKaniko: 'jenkinsfileKaniko.migrateToKaniko',
  restartServer: 'jenkinsfileKaniko.restartServer',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];
