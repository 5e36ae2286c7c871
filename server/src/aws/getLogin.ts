/**
 * What `aws ecr get-login` (AWS CLI v1; v2 removed it) prints, and how much of a script's use of
 * it `aws ecr get-login-password` can take over without changing what the script does.
 *
 * `get-login` prints one command: `docker login -u AWS -p <password> [-e none] https://<registry>`.
 * A script either runs that command (`$(aws ecr get-login …)`, `eval $(…)`, `… | sh`), or cuts the
 * password out of it (`… | cut -d' ' -f6`, `… | awk '{print $6}'`), or does something else with
 * the text (keeps it in a variable, captures it with `returnStdout`, writes it to a file).
 * `get-login-password` prints the password alone: it replaces the second use exactly, and the
 * first only together with `docker login --password-stdin <registry>`.
 */
type Word = { text: string };

/** Options of `get-login` that `get-login-password` does not have (and need not: the token serves every registry the caller may use). */
const GET_LOGIN_ONLY_FLAGS = new Set(['--no-include-email', '--include-email']);
const GET_LOGIN_ONLY_WITH_VALUES = '--registry-ids';

/**
 * Indexes of the words of an `aws … ecr get-login …` command that `get-login-password` drops:
 * `--no-include-email`, `--include-email`, `--registry-ids <id>…` (ids up to the next option).
 */
export function getLoginOnlyWords(words: readonly Word[]): number[] {
  const drop: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const text = words[i].text;
    if (GET_LOGIN_ONLY_FLAGS.has(text)) drop.push(i);
    else if (text.startsWith(`${GET_LOGIN_ONLY_WITH_VALUES}=`)) drop.push(i);
    else if (text === GET_LOGIN_ONLY_WITH_VALUES) {
      drop.push(i);
      while (i + 1 < words.length && !words[i + 1].text.startsWith('-')) drop.push(++i);
    }
  }
  return drop;
}

/**
 * Whether a command, fed `get-login`'s output, prints the password and nothing else: `cut` of
 * field 6 with a single-space delimiter, or `awk '{print $6}'`. (Field 6 of
 * `docker login -u AWS -p <password> …`.)
 */
export function extractsGetLoginPassword(words: readonly Word[]): boolean {
  const texts = words.map((w) => w.text);
  if (texts[0] === 'awk') return texts.length === 2 && /^\{\s*print \$6;?\s*\}$/.test(texts[1]);
  if (texts[0] !== 'cut') return false;
  // Word texts are unquoted: -d' ' is "-d ", -d ' ' is "-d" then " ".
  let delimiter = false;
  let field = false;
  for (let i = 1; i < texts.length; i++) {
    const text = texts[i];
    if (text === '-d ' || text === '--delimiter= ') delimiter = true;
    else if (text === '-d' && texts[i + 1] === ' ') delimiter = !!++i;
    else if (text === '-f6' || text === '--fields=6') field = true;
    else if (text === '-f' && texts[i + 1] === '6') field = !!++i;
    else return false;
  }
  return delimiter && field;
}

/** Whether a command runs its input as a shell script (`… | sh`, `| bash`). */
export function runsInputAsScript(words: readonly Word[]): boolean {
  return words.length === 1 && /^(\/bin\/|\/usr\/bin\/)?(sh|bash|dash|ash)$/.test(words[0].text);
}
