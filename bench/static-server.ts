// The baseline: Node's own http server sending the same bytes from memory, no framework, no cache
// logic. Usage: tsx bench/static-server.ts FILE PORT
import fs from 'node:fs';
import http from 'node:http';

const [file, port] = [process.argv[2]!, Number(process.argv[3])];
const body = fs.readFileSync(file);
http
  .createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
    res.end(body);
  })
  .listen(port, '127.0.0.1');
