/**
 * `docker` subcommands that only ask the daemon about itself or tidy it, or fetch images that
 * Kaniko fetches itself (`pull` of a base or cache image). Without a daemon they are moot: the
 * migration removes them and says so. Verbs as `dockerInvocation` names them.
 */
export const DAEMON_HOUSEKEEPING: ReadonlySet<string> = new Set([
  'version',
  'info',
  'images',
  'ps',
  'system',
  'system-prune',
  'image-prune',
  'container-prune',
  'rmi',
  'pull',
  'logout',
]);

/** How a housekeeping verb reads in a note: `system-prune` → `docker system prune`. */
export function housekeepingCommand(verb: string): string {
  return `docker ${verb.replace(/-prune$/, ' prune')}`;
}
