/**
 * Serves the built web app (web/dist) and falls back to index.html for the app's own routes, so
 * a reload on /cases/123 works. API paths never fall back: an unknown API path is a 404 problem.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { problem, sendProblem } from './problem';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where `vite build` writes the web app. */
export const DEFAULT_WEB_ROOT = path.join(repoRoot, 'web', 'dist');

export async function registerStatic(app: FastifyInstance, webRoot: string | null): Promise<void> {
  const servable = webRoot !== null && existsSync(path.join(webRoot, 'index.html'));
  if (servable) {
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      index: ['index.html'],
      // Hashed asset names may be cached for long; index.html must always be revalidated.
      setHeaders: (res, filePath) => {
        if (filePath.includes(`${path.sep}assets${path.sep}`)) {
          res.setHeader('cache-control', 'public, max-age=31536000, immutable');
        } else {
          res.setHeader('cache-control', 'no-cache');
        }
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0] ?? '';
    const wantsPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !pathname.startsWith('/api/') &&
      pathname !== '/api' &&
      !path.extname(pathname);
    if (servable && wantsPage) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(reply, problem('not-found'));
  });
}
