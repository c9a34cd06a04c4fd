import http from 'node:http';

/**
 * The benchmarks' sink (its own process): reads each body and answers 204, or with --json 200 and
 * {"ok":true}; reports its CPU when asked.
 */
const JSON_ANSWER = process.argv.includes('--json');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (JSON_ANSWER) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
      return;
    }
    res.writeHead(204);
    res.end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.send!(typeof addr === 'object' && addr ? addr.port : 0);
});
process.on('disconnect', () => process.exit(0));
process.on('message', () => {
  const u = process.cpuUsage();
  process.send!({ cpu: u.user + u.system });
});
