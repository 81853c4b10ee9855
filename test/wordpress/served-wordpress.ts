/**
 * The test WordPress served to readers as production sites serve it: nginx in front of php-fpm,
 * both started by the test as its own processes (configuration, pid, logs and sockets in a
 * temporary folder, an unprivileged loopback port; no system service), and stopped by it.
 * Absent nginx or php-fpm is a skip on a workstation and a failure in CI, which installs them.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type WordPressExport, WP_ROOT, wordPressMissing } from './real-wordpress.ts';

const run = promisify(execFile);
const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';
const SERVE = path.join(import.meta.dirname, 'serve.php');

export interface ServedWordPress {
  /** `http://127.0.0.1:PORT`, WordPress's home address. */
  readonly base: string;
  readonly close: () => Promise<void>;
}

/** Debian's php-fpm binary (`php-fpm8.2`…), or undefined. */
function phpFpm(): string | undefined {
  if (process.env.PHP_FPM) return process.env.PHP_FPM;
  const found = fs.existsSync('/usr/sbin') ? fs.readdirSync('/usr/sbin').filter((f) => /^php-fpm\d/.test(f)).sort() : [];
  return found.length ? path.join('/usr/sbin', found.at(-1)!) : undefined;
}

/** Why WordPress cannot be served here, or undefined when it can. */
export async function servedWordPressMissing(): Promise<string | undefined> {
  if (!fs.existsSync(NGINX)) return `no nginx at ${NGINX} (apt-get install nginx)`;
  if (!phpFpm()) return 'no php-fpm in /usr/sbin (apt-get install php-fpm)';
  try {
    // WordPress's sitemaps (wp-sitemap.xml) need SimpleXML.
    await run('php', ['-r', 'exit(extension_loaded("simplexml") ? 0 : 1);']);
  } catch {
    return 'no php with SimpleXML, which WordPress sitemaps need (apt-get install php-xml)';
  }
  return wordPressMissing();
}

/** Whether the served-WordPress tests run; in CI a missing piece fails instead. */
export async function canServeWordPress(): Promise<boolean> {
  const missing = await servedWordPressMissing();
  if (missing && process.env.CI === 'true') throw new Error(`served WordPress tests need ${missing}`);
  return missing === undefined;
}

/** A loopback port nothing listens on now (for a server started as a separate process). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once something accepts connections on the port, or rejects when the process ends first. */
async function listening(port: number, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : ''}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(!!socket.end()));
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing listening on ${port} after 30 s`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const ended = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await ended;
}

/** Serves the exported WordPress (its database and wp-content) with nginx and php-fpm. */
export async function serveWordPress(wp: WordPressExport): Promise<ServedWordPress> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-nginx-'));
  const port = await freePort();
  const root = process.getuid?.() === 0;
  const socket = path.join(dir, 'php-fpm.sock');
  fs.writeFileSync(
    path.join(dir, 'php-fpm.conf'),
    [
      '[global]',
      `pid = ${dir}/php-fpm.pid`,
      `error_log = ${dir}/php-fpm.log`,
      'daemonize = no',
      '[wordpress]',
      ...(root ? ['user = root', 'group = root'] : []),
      `listen = ${socket}`,
      'pm = static',
      'pm.max_children = 2',
      'catch_workers_output = yes',
      'clear_env = no',
      '',
    ].join('\n'),
  );
  const nginxConf = `
${root ? 'user root root;' : ''}
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  access_log ${dir}/nginx-access.log;
  client_body_temp_path ${dir}/client_body;
  fastcgi_temp_path ${dir}/fastcgi;
  proxy_temp_path ${dir}/proxy;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    server_name _;
    root ${WP_ROOT};
    location /wp-content/ { alias ${wp.content}/; }
    location ~ \\.php$ { return 404; }
    location / { try_files $uri @wordpress; }
    location @wordpress {
      # Debian's fastcgi_params sends HTTP_HOST without the port, and WordPress would redirect every
      # request to its home address (with the port) for ever: these are the parameters PHP needs.
      fastcgi_param REQUEST_METHOD $request_method;
      fastcgi_param QUERY_STRING $query_string;
      fastcgi_param CONTENT_TYPE $content_type;
      fastcgi_param CONTENT_LENGTH $content_length;
      fastcgi_param REQUEST_URI $request_uri;
      fastcgi_param DOCUMENT_URI $document_uri;
      fastcgi_param DOCUMENT_ROOT $document_root;
      fastcgi_param SERVER_PROTOCOL $server_protocol;
      fastcgi_param GATEWAY_INTERFACE CGI/1.1;
      fastcgi_param SERVER_SOFTWARE nginx/$nginx_version;
      fastcgi_param REMOTE_ADDR $remote_addr;
      fastcgi_param SERVER_ADDR $server_addr;
      fastcgi_param SERVER_PORT $server_port;
      fastcgi_param SERVER_NAME 127.0.0.1;
      fastcgi_param HTTP_HOST 127.0.0.1:${port};
      fastcgi_param REDIRECT_STATUS 200;
      fastcgi_param SCRIPT_FILENAME ${SERVE};
      fastcgi_param SCRIPT_NAME /index.php;
      fastcgi_param WP_DB ${wp.db};
      fastcgi_param WP_CONTENT ${wp.content};
      fastcgi_param WP_HOME http://127.0.0.1:${port};
      fastcgi_pass unix:${socket};
    }
  }
}
`;
  fs.writeFileSync(path.join(dir, 'nginx.conf'), nginxConf);
  const fpm = spawn(phpFpm()!, ['--nodaemonize', '--fpm-config', path.join(dir, 'php-fpm.conf'), ...(root ? ['--allow-to-run-as-root'] : [])], { stdio: 'ignore', env: { ...process.env, WP_ROOT } });
  const nginx = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'nginx-error.log')], { stdio: 'ignore' });
  const close = async () => {
    await Promise.all([stop(nginx), stop(fpm)]);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await listening(port, nginx, path.join(dir, 'nginx-error.log'));
    while (!fs.existsSync(socket)) {
      if (fpm.exitCode !== null) throw new Error(`php-fpm exited with ${fpm.exitCode}: ${fs.readFileSync(path.join(dir, 'php-fpm.log'), 'utf8')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { base: `http://127.0.0.1:${port}`, close };
}
