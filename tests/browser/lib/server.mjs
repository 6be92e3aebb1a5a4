// A tiny static file server for the built site, like a plain web host:
// index.html for folders, 404.html with status 404 for anything missing.
import { createServer, request as httpRequest } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
};

export function contentType(path) {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

async function fileAt(path) {
  try {
    const s = await stat(path);
    return s.isFile() ? path : s.isDirectory() ? 'dir' : null;
  } catch {
    return null;
  }
}

/** Passes a request on to `target` (`http://127.0.0.1:PORT`) and its answer back. */
function pass(req, res, target) {
  const url = new URL(req.url, target);
  const out = httpRequest(url, { method: req.method, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  out.on('error', (e) => {
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(String(e));
  });
  req.pipe(out);
}

/**
 * Starts serving `dir` on 127.0.0.1 at a free port; resolves to { server, port, url, close }.
 * With `prefix` (like '/nyhetsrum/'), the site is served under that folder only, as a
 * municipality's host serves a site in a subfolder: anything outside it is a plain 404.
 * With `proxy` ({ path, target: () => url }), requests to that path go to the receiver.
 */
export function serve(dir, { prefix = '/', proxy = null } = {}) {
  const root = normalize(dir);
  const server = createServer(async (req, res) => {
    const send = (status, headers, body) => {
      res.writeHead(status, { 'cache-control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    // A receiver behind the same host, as a web server passes its path on.
    if (proxy && new URL(req.url, 'http://127.0.0.1').pathname === proxy.path) return pass(req, res, proxy.target());
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return send(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }, 'method not allowed');
      }
      const url = new URL(req.url, 'http://127.0.0.1');
      if (prefix !== '/') {
        if (url.pathname === prefix.slice(0, -1)) return send(301, { location: prefix }, '');
        if (!url.pathname.startsWith(prefix)) {
          return send(404, { 'content-type': 'text/plain' }, 'not in this site');
        }
        url.pathname = url.pathname.slice(prefix.length - 1);
      }
      let rel;
      try {
        rel = decodeURIComponent(url.pathname);
      } catch {
        return send(400, { 'content-type': 'text/plain' }, 'bad request');
      }
      const path = normalize(join(root, rel));
      if (path !== root && !path.startsWith(root + sep)) {
        return send(403, { 'content-type': 'text/plain' }, 'forbidden');
      }
      let found = await fileAt(path);
      if (found === 'dir') {
        if (!url.pathname.endsWith('/')) {
          return send(301, { location: `${prefix.slice(0, -1)}${url.pathname}/${url.search}` }, '');
        }
        found = await fileAt(join(path, 'index.html'));
      }
      if (found && found !== 'dir') {
        return send(200, { 'content-type': contentType(found) }, await readFile(found));
      }
      const notFound = join(root, '404.html');
      const body = (await fileAt(notFound)) ? await readFile(notFound) : 'not found';
      return send(404, { 'content-type': contentType('x.html') }, body);
    } catch (e) {
      return send(500, { 'content-type': 'text/plain' }, String(e));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        server,
        port,
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}
