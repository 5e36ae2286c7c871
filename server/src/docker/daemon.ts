/**
 * Whether a container runs a Docker daemon, from its image and what it runs. Imports nothing from
 * the model, which classifies its containers with it (the model cannot import the rest of docker/).
 */

/** `docker:dind`, `docker:24-dind-rootless`, a custom `…/dind` image, or any image started as `dockerd …`. */
export function runsDockerDaemon(image: string | undefined, commandAndArgs: readonly string[]): boolean {
  if (/dind/.test((image ?? '').toLowerCase())) return true;
  // The words are joined with spaces, so `dockerd` lies within one of them: most containers have
  // none that holds it, and need no joined line.
  for (const word of commandAndArgs) if (word.includes('dockerd')) return /(^|[\s/])dockerd(\s|$)/.test(commandAndArgs.join(' '));
  return false;
}
