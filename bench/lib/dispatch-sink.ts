import http from 'node:http';

/** The dispatch benchmark's sink (its own process): reads each body, answers 204; reports its CPU. */
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
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
