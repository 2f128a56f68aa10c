/**
 * The web app's only way to the server. Unsafe requests repeat the anti-forgery cookie in a
 * header; errors arrive as RFC 9457 problems and are raised as ApiError. Searches go in POST
 * bodies so that names never appear in a URL (browser history, proxies, server logs).
 */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; code: string }[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemBody;
  constructor(problem: ProblemBody) {
    super(problem.title);
    this.status = problem.status;
    this.problem = problem;
  }
}

function csrfToken(): string {
  const m = /(?:^|;\s*)jayu_csrf=([^;]+)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]!) : '';
}

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();
/** Called when the session has ended (expired or signed out elsewhere). */
export function onUnauthenticated(fn: Listener): () => void {
  unauthenticatedListeners.add(fn);
  return () => unauthenticatedListeners.delete(fn);
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') headers['x-csrf-token'] = csrfToken();
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/api${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok) {
    const problem: ProblemBody = type.includes('json')
      ? ((await res.json()) as ProblemBody)
      : { type: 'about:blank', title: res.statusText, status: res.status };
    if (res.status === 401 && !path.startsWith('/session')) {
      for (const fn of unauthenticatedListeners) fn();
    }
    throw new ApiError(problem);
  }
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);
