/**
 * Export pseudonyms: ids that are stable within one export (so rows can be joined) and unlinkable
 * across exports and to the store's ids (an HMAC under a key made for the export and then
 * forgotten, unless the caller keeps one to produce linkable exports on purpose).
 */
import { createHmac, randomBytes } from 'node:crypto';

export type Pseudonymiser = (kind: string, id: string) => string;

export function pseudonymiser(key: Uint8Array = randomBytes(32)): Pseudonymiser {
  const cache = new Map<string, string>();
  return (kind, id) => {
    const k = `${kind}\u0000${id}`;
    let p = cache.get(k);
    if (!p) {
      p = `${kind.slice(0, 1).toUpperCase()}${createHmac('sha256', key).update(k).digest('hex').slice(0, 16)}`;
      cache.set(k, p);
    }
    return p;
  };
}
