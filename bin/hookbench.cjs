#!/usr/bin/env node
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'out', 'main', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('hookbench: the app is not built yet. Run `npm run build` (or `npm run serve`) first.\n');
  process.exit(1);
}
require(cli);
