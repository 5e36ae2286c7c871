/** Docker knowledge shared by rules and fixes: the CLI, `docker build` options, the Docker Pipeline plugin, daemons in pods. */
export * from './cli';
export * from './build';
export * from './pipeline';
export * from './pod';
export * from './daemon';
export * from './housekeeping';
export * from './run';
