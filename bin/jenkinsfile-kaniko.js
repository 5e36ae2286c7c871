#!/usr/bin/env node
'use strict';
const { main, defaultIo } = require('../out/server/src/cli/main.js');

main(process.argv.slice(2), defaultIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`jenkinsfile-kaniko: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 2;
  },
);
