/** What a shell step can still run once its container is a Kaniko debug image (busybox). */
import type { ShellWord } from '../model';

/**
 * Applets of the busybox in Kaniko's debug image plus shell builtins: what a step can still
 * run once its container is the Kaniko container.
 */
export const BUSYBOX_COMMANDS = new Set(
  (
    '[ [[ . : alias ash awk base64 basename bc break cat cd chmod chown cmp continue cp cut date dd df diff dirname du echo env eval exec exit expr export ' +
    'false find fold getopts grep gunzip gzip head hostname id install kill less ln local ls md5sum mkdir mktemp more mv nc nslookup od printf ps pwd read readlink ' +
    'readonly realpath return rm rmdir sed seq set sh sha1sum sha256sum sha512sum shift sleep sort source split stat tail tar tee test time timeout touch tr trap ' +
    'true type ulimit umask unalias uname uniq unset unzip uptime vi wait wc wget which whoami xargs yes zcat'
  ).split(' '),
);

/** Whether the command can run in the Kaniko debug image. */
export function runsInBusybox(words: readonly ShellWord[]): boolean {
  const program = words[0]?.text;
  if (program === undefined) return true;
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(program) && words.length === 1) return true;
  if (program.startsWith('/kaniko/') || program.startsWith('/busybox/')) return true;
  if (/^(\/kaniko\/)?executor$/.test(program)) return true;
  return BUSYBOX_COMMANDS.has(program);
}
