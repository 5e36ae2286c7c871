/**
 * How the language server's Node process is started (the VS Code client, and the benchmark that
 * measures it as the client runs it).
 *
 * A re-check of a large Jenkinsfile allocates ~13 MB, most of it alive until the check ends (the
 * syntax tree and model being built), so with V8's default young generation nearly every scavenge
 * copies the analysis in progress, and GC was a quarter of the server's time per keystroke.
 * A 32 MB semi-space lets a check finish between scavenges: ~40% less CPU per re-check of the
 * 5,000-line benchmark file (bench/NOTES.md). It grows only under such allocation: the memory of
 * 100 open files is unchanged (78 MB).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=32'];
