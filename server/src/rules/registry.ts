/** The one place rules are registered. Order is the order of the docs and of SARIF metadata. */
import { awsCliPerRunInstall } from './aws-cli-per-run-install';
import { dindPrivileged } from './dind-privileged';
import { dockerDaemonBuild } from './docker-daemon-build';
import { dockerSocketMount } from './docker-socket-mount';
import { ecrGetLoginRemoved } from './ecr-get-login-removed';
import { embeddedYamlSyntax } from './embedded-yaml-syntax';
import { kanikoImageUnmaintained } from './kaniko-image-unmaintained';
import { kanikoKeepalive } from './kaniko-keepalive';
import { kanikoMissingDestination } from './kaniko-missing-destination';
import { kanikoNoShell } from './kaniko-no-shell';
import { kanikoUnknownFlag } from './kaniko-unknown-flag';
import { privilegedContainer } from './privileged-container';
import type { Rule } from './types';

export const RULES: readonly Rule[] = [
  dindPrivileged,
  privilegedContainer,
  dockerSocketMount,
  awsCliPerRunInstall,
  ecrGetLoginRemoved,
  dockerDaemonBuild,
  embeddedYamlSyntax,
  kanikoKeepalive,
  kanikoNoShell,
  kanikoMissingDestination,
  kanikoUnknownFlag,
  kanikoImageUnmaintained,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.meta.id, rule]));

