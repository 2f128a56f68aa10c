/**
 * The load generator of bench/server.ts, run as a second process: autocannon against one API
 * route with a signed-in session's cookies. Requests cycle through the given bodies or paths.
 * Prints one JSON line: latency percentiles (ms), requests per second, errors, non-2xx, and
 * its own CPU seconds.
 *
 *   npx tsx bench/server-load.ts --url URL --cookie C --csrf T --method POST --path /api/cases/search
 *        --bodies bodies.json | --paths paths.json  [--connections 10] [--duration 20]
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

function arg(name: string, fallback = ''): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const method = arg('method', 'GET') as 'GET' | 'POST';
const bodies: unknown[] = arg('bodies') ? JSON.parse(readFileSync(arg('bodies'), 'utf8')) : [];
const paths: string[] = arg('paths')
  ? JSON.parse(readFileSync(arg('paths'), 'utf8'))
  : [arg('path')];
let n = 0;

const times: number[] = [];
const cpu0 = process.cpuUsage();
const instance = autocannon({
  url: arg('url'),
  connections: Number(arg('connections', '10')),
  duration: Number(arg('duration', '20')),
  headers: {
    cookie: arg('cookie'),
    'x-csrf-token': arg('csrf'),
    'content-type': 'application/json',
  },
  requests: [
    {
      method,
      setupRequest: (req) => {
        const i = n++;
        return {
          ...req,
          path: paths.length > 1 ? paths[i % paths.length]! : (paths[0] ?? req.path),
          body: bodies.length > 0 ? JSON.stringify(bodies[i % bodies.length]) : undefined,
        };
      },
    },
  ],
});
instance.on('response', (_client, status, _bytes, ms) => {
  if (status < 400) times.push(ms);
});
const result = await instance;
times.sort((a, b) => a - b);
const pct = (p: number) =>
  times.length
    ? Math.round(times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]! * 10) / 10
    : NaN;

process.stdout.write(
  JSON.stringify({
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    rps: result.requests.average,
    total: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
    duration: result.duration,
    // The load generator's own CPU seconds (it shares the machine's cores with the server).
    cpu: (() => {
      const c = process.cpuUsage(cpu0);
      return (c.user + c.system) / 1e6;
    })(),
  }) + '\n',
);
