import { describe, expect, it } from 'vitest';
import { newRowId } from './ids';

describe('newRowId', () => {
  it('makes UUIDv7s that increase and do not repeat', () => {
    const ids = Array.from({ length: 20_000 }, () => newRowId());
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // The leading 48 bits are the time of creation.
    const ms = parseInt(ids[0].replace(/-/g, '').slice(0, 12), 16);
    expect(Math.abs(ms - Date.now())).toBeLessThan(60_000);
  });
});
