/**
 * Whether a container runs a Docker daemon, from its image and what it runs. Imports nothing from
 * the model, which classifies its containers with it (the model cannot import the rest of docker/).
 */

/** `docker:dind`, `docker:24-dind-rootless`, a custom `…/dind` image, or any image started as `dockerd …`. */
export function runsDockerDaemon(image: string | undefined, commandAndArgs: readonly string[]): boolean {
  return /dind/.test((image ?? '').toLowerCase()) || /(^|[\s/])dockerd(\s|$)/.test(commandAndArgs.join(' '));
}
