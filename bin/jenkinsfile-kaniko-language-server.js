#!/usr/bin/env node
'use strict';
// The checkout's bin (npm link, npm install <folder>); the npm package ships the bundle instead.
require('../out/server/src/server.js').main();
