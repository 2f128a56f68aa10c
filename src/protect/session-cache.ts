/**
 * The sessions a store has resumed, kept in memory so that a request need not ask the database
 * who it is: every API request resumed its session with a statement of its own (a round trip,
 * and PostgreSQL's work for it), the same answer almost every time.
 *
 * What it holds is only as good as its notices. A session is kept only while this store is
 * listening on the channel of migration 0107, whose triggers notify, at commit, every change
 * that can end a session or change what it may do (revoked, deleted, a user disabled, their
 * role, organisation or one-time password changed), by whichever process made it; each notice
 * forgets every session held. So a revocation takes effect here once its notice arrives: a
 * request in the milliseconds between the revoking commit and the notice is served as one that
 * arrived just before the commit would have been. Without a listening connection (not yet, or
 * lost: notices may have been missed) nothing is kept and every request reads the database.
 *
 * A read that began before a notice (or before listening began) is not kept: it may be of the
 * session as it was before the change the notice tells of. Callers check what only time
 * changes (expiry, idle time) on what they get, and read the database again before refusing.
 */
import type { Db } from '../store/db';

/** The channel migration 0107's triggers notify. */
export const SESSION_CHANGE_CHANNEL = 'jayu_session_change';
/** Sessions held at most (then all are forgotten and kept anew): far more than sign in at once. */
const MAX_SESSIONS = 10_000;
/** After a failed or lost listening connection, the next attempt waits at least this long. */
const RETRY_MS = 5_000;

export class SessionCache<T> {
  private readonly held = new Map<string, T>();
  /** Counts notices (and listening begun or lost): a read is kept only under the one it began in. */
  private generation = 0;
  private state: 'off' | 'starting' | 'on' | 'closed' = 'off';
  private retryAt = 0;
  private stop?: () => Promise<void>;
  /** The current attempt to listen (tests await it). */
  listening: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly channel = SESSION_CHANGE_CHANNEL,
    private readonly retryMs = RETRY_MS,
  ) {}

  /** Whether sessions are kept now (listening). */
  get active(): boolean {
    return this.state === 'on';
  }

  /** The session held for `key`; starts listening if nothing is listening yet. */
  get(key: string): T | undefined {
    this.listen();
    return this.state === 'on' ? this.held.get(key) : undefined;
  }

  /** What to pass to `keep` for a read that begins now. */
  mark(): number {
    return this.generation;
  }

  /** Keeps a session read since `mark`, unless a notice came (or listening changed) meanwhile. */
  keep(key: string, value: T, mark: number): void {
    if (this.state !== 'on' || mark !== this.generation) return;
    if (this.held.size >= MAX_SESSIONS) this.held.clear();
    this.held.set(key, value);
  }

  /** Replaces a held session (its last_seen_at written, say); no-op if it is not held. */
  update(key: string, value: T): void {
    if (this.held.has(key)) this.held.set(key, value);
  }

  /** Forgets every session held and every read in flight (a notice, or a change made here). */
  forget(): void {
    this.generation++;
    this.held.clear();
  }

  /** Stops listening and keeps nothing more. */
  async close(): Promise<void> {
    this.state = 'closed';
    this.forget();
    await this.stop?.();
  }

  private listen(): void {
    if (this.state !== 'off' || Date.now() < this.retryAt) return;
    this.state = 'starting';
    const lost = () => {
      if (this.state === 'closed') return;
      this.state = 'off';
      this.stop = undefined;
      this.retryAt = Date.now() + this.retryMs;
      this.forget();
    };
    this.listening = this.db
      .listen(this.channel, () => this.forget(), lost)
      .then(
        (stop) => {
          if (this.state !== 'starting') {
            void stop();
            return;
          }
          this.stop = stop;
          // Reads begun before listening may be of sessions changed with no notice heard.
          this.forget();
          this.state = 'on';
        },
        () => {
          if (this.state === 'starting') lost();
        },
      );
  }
}
