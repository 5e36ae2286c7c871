import assert from 'node:assert/strict';
import { commandWords, effectiveWords, splitShell, type ShellCommand } from '../../../server/src/model';

/** The words `effectiveWords` leaves of the first command of a shell line, as text. */
function effective(line: string): string[] {
  return effectiveWords(splitShell(line)[0]).map((w) => w.text);
}

describe('model/shell effectiveWords: the program a prefix command runs', () => {
  it('unwraps time: the bash reserved word with -p and --, and GNU time with its options and their values', () => {
    const cases: Array<[string, string[]]> = [
      ['time docker build .', ['docker', 'build', '.']],
      ['time -p docker build .', ['docker', 'build', '.']],
      ['time -p -- docker build .', ['docker', 'build', '.']],
      ['/usr/bin/time -p docker build .', ['docker', 'build', '.']],
      ["/usr/bin/time -f '%e s' -o build.time -a docker build .", ['docker', 'build', '.']],
      ['/usr/bin/time -fx -otimes docker build .', ['docker', 'build', '.']],
      ['/usr/bin/time --format=%e --output build.time --quiet docker build .', ['docker', 'build', '.']],
      ['/usr/bin/time --output-file build.time docker build .', ['docker', 'build', '.']],
    ];
    for (const [line, words] of cases) assert.deepEqual(effective(line), words, line);
  });

  it('unwraps command and exec, and takes no program from command -v/-V (they only describe the name)', () => {
    const cases: Array<[string, string[]]> = [
      ['command docker build .', ['docker', 'build', '.']],
      ['command -p docker build .', ['docker', 'build', '.']],
      ['command -- docker build .', ['docker', 'build', '.']],
      ['exec docker build .', ['docker', 'build', '.']],
      ['exec -a builder docker build .', ['docker', 'build', '.']],
      ['exec -cl docker build .', ['docker', 'build', '.']],
      ['command -v docker', ['command', '-v', 'docker']],
      ['command -pV docker', ['command', '-pV', 'docker']],
    ];
    for (const [line, words] of cases) assert.deepEqual(effective(line), words, line);
  });

  it("unwraps coreutils nice, nohup and timeout, with their option values and timeout's duration", () => {
    const cases: Array<[string, string[]]> = [
      ['nice docker build .', ['docker', 'build', '.']],
      ['nice -n 10 docker build .', ['docker', 'build', '.']],
      ['nice -n10 docker build .', ['docker', 'build', '.']],
      ['nice --adjustment 5 docker build .', ['docker', 'build', '.']],
      ['nice -10 docker build .', ['docker', 'build', '.']],
      ['nohup docker build .', ['docker', 'build', '.']],
      ['nohup -- docker build .', ['docker', 'build', '.']],
      ['timeout 30m docker build .', ['docker', 'build', '.']],
      ['timeout -k 5 10 docker build .', ['docker', 'build', '.']],
      ['timeout --signal KILL --preserve-status 20m docker build .', ['docker', 'build', '.']],
      ['timeout -s9 --kill-after=1m 1h docker build .', ['docker', 'build', '.']],
      ['timeout -- 10m docker build .', ['docker', 'build', '.']],
      ['timeout --help docker build .', ['timeout', '--help', 'docker', 'build', '.']],
      ['nice --version docker build .', ['nice', '--version', 'docker', 'build', '.']],
    ];
    for (const [line, words] of cases) assert.deepEqual(effective(line), words, line);
  });

  it('unwraps coreutils stdbuf and util-linux setsid and ionice, and takes no program from ionice -p/-P/-u', () => {
    const cases: Array<[string, string[]]> = [
      ['stdbuf -oL docker build .', ['docker', 'build', '.']],
      ['stdbuf -o L -e 0 docker build .', ['docker', 'build', '.']],
      ['stdbuf --output=L --error 0 docker build .', ['docker', 'build', '.']],
      ['setsid docker build .', ['docker', 'build', '.']],
      ['setsid -fw docker build .', ['docker', 'build', '.']],
      ['ionice -c2 -n7 docker build .', ['docker', 'build', '.']],
      ['ionice -c 3 docker build .', ['docker', 'build', '.']],
      ['ionice --class idle -t docker build .', ['docker', 'build', '.']],
      ['ionice -c2 -n7 nice -n 10 docker build .', ['docker', 'build', '.']],
      ['setsid nohup docker build .', ['docker', 'build', '.']],
      ['ionice -p 1234 5678', ['ionice', '-p', '1234', '5678']],
      ['ionice -c3 -P 42 docker', ['ionice', '-c3', '-P', '42', 'docker']],
      ['setsid -h docker build .', ['setsid', '-h', 'docker', 'build', '.']],
    ];
    for (const [line, words] of cases) assert.deepEqual(effective(line), words, line);
  });

  it('reads a long option by a unique abbreviation, as getopt_long does: its value is not the duration or the program', () => {
    const cases: Array<[string, string[]]> = [
      ['timeout --sig KILL 10 docker build -t x .', ['docker', 'build', '-t', 'x', '.']],
      ['timeout --s KILL --k 5 10 docker build .', ['docker', 'build', '.']],
      ['timeout --sig=KILL --pre --fore 10 docker build .', ['docker', 'build', '.']],
      ['timeout --verb 10m docker build .', ['docker', 'build', '.']],
      ['nice --adj 5 docker build .', ['docker', 'build', '.']],
      ['nice --a=5 docker build .', ['docker', 'build', '.']],
      ['stdbuf --out L --e 0 docker build .', ['docker', 'build', '.']],
      ['ionice --classd 7 --class 2 docker build .', ['docker', 'build', '.']],
      ['ionice --cl 2 docker build .', ['ionice', '--cl', '2', 'docker', 'build', '.']],
      ['setsid --f --w docker build .', ['docker', 'build', '.']],
      ['/usr/bin/time --out t.txt --f %e docker build .', ['docker', 'build', '.']],
      ['/usr/bin/time --o t.txt --app docker build .', ['docker', 'build', '.']],
      ['sudo --us root docker build .', ['docker', 'build', '.']],
      ['sudo --chd /src --comm 600 --preserve-e docker build .', ['docker', 'build', '.']],
      ['sudo --ho remote docker build .', ['docker', 'build', '.']],
      ['env --u HOME --ch /src --a builder docker build .', ['docker', 'build', '.']],
      ['env --deb --ignore-e DOCKER_BUILDKIT=1 docker build .', ['docker', 'build', '.']],
      ['env --list-signal-handling docker build .', ['docker', 'build', '.']],
    ];
    for (const [line, words] of cases) assert.deepEqual(effective(line), words, line);
  });

  it('takes no program after an abbreviation of an option that runs nothing, or one that is ambiguous (the program fails)', () => {
    const cases: Array<[string, string[]]> = [
      ['timeout --he 10 docker build .', ['timeout', '--he', '10', 'docker', 'build', '.']],
      ['timeout --ver 10 docker build .', ['timeout', '--ver', '10', 'docker', 'build', '.']],
      ['timeout --vers docker build .', ['timeout', '--vers', 'docker', 'build', '.']],
      ['nice --h docker build .', ['nice', '--h', 'docker', 'build', '.']],
      ['nohup --v docker build .', ['nohup', '--v', 'docker', 'build', '.']],
      ['ionice --c 2 docker build .', ['ionice', '--c', '2', 'docker', 'build', '.']],
      ['ionice --pi 42 docker', ['ionice', '--pi', '42', 'docker']],
      ['setsid --v docker build .', ['setsid', '--v', 'docker', 'build', '.']],
      ['/usr/bin/time --ver docker build .', ['/usr/bin/time', '--ver', 'docker', 'build', '.']],
      ['sudo --li docker build .', ['sudo', '--li', 'docker', 'build', '.']],
      ['sudo --h docker build .', ['sudo', '--h', 'docker', 'build', '.']],
      ['sudo --pre docker build .', ['sudo', '--pre', 'docker', 'build', '.']],
      ['sudo --ch /src docker build .', ['sudo', '--ch', '/src', 'docker', 'build', '.']],
      ["env --sp 'docker build .'", ['env', '--sp', 'docker build .']],
      ['env --de docker build .', ['env', '--de', 'docker', 'build', '.']],
      ['env --i docker build .', ['env', '--i', 'docker', 'build', '.']],
    ];
    for (const [line, words] of cases) assert.deepEqual(effective(line), words, line);
  });

  it('unwraps prefixes in a chain, and keeps the program of a bare prefix', () => {
    assert.deepEqual(effective('sudo -E timeout 30m nice -n 10 time -p docker build .'), ['docker', 'build', '.']);
    assert.deepEqual(effective('nohup env DOCKER_BUILDKIT=1 docker build .'), ['docker', 'build', '.']);
    assert.deepEqual(effective('timeout 10m'), []);
    assert.deepEqual(effective('docker build --timeout 10m .'), ['docker', 'build', '--timeout', '10m', '.']);
  });
});

describe('model/shell commandWords: the program and its words, worked out once per command', () => {
  it('strips prefixes, then shell keywords, then the prefixes after them', () => {
    const found = commandWords(splitShell('if sudo -u x FOO=1 docker build .')[0]);
    assert.deepEqual(
      found.words.map((w) => w.text),
      ['docker', 'build', '.'],
    );
    assert.equal(found.underKeyword, true);
    assert.deepEqual(
      commandWords(splitShell('then FOO=1 aws ecr get-login')[0]).words.map((w) => w.text),
      ['aws', 'ecr', 'get-login'],
    );
    assert.equal(commandWords(splitShell('docker build .')[0]).underKeyword, false);
  });

  it('gives the same answer each time it is asked of a split command, and the command keeps its own fields', () => {
    const command = splitShell('docker build .')[0];
    const first = commandWords(command);
    assert.equal(commandWords(command), first);
    // Nothing stripped: the command's own words.
    assert.deepEqual(first.words, command.words);
    assert.deepEqual(Object.keys(command), ['words', 'start', 'end', 'substitution', 'next']);
  });

  it('works out a command made elsewhere (not by the splitter) the same way', () => {
    const split = splitShell('sudo docker push x')[0];
    const made: ShellCommand = { words: split.words, start: split.start, end: split.end, substitution: false, next: undefined };
    assert.deepEqual(commandWords(made), commandWords(split));
    assert.deepEqual(
      commandWords(made).words.map((w) => w.text),
      ['docker', 'push', 'x'],
    );
  });
});
