#!/usr/bin/env node
'use strict';
// Editors start this with `--stdio`; without a transport flag, stdio is the sensible default.
const TRANSPORTS = /^--(stdio|node-ipc|socket|pipe|help)\b|^-h$/;
if (!process.argv.slice(2).some((arg) => TRANSPORTS.test(arg))) process.argv.push('--stdio');
require('../out/server/src/server.js').main();
