import { describe, expect, it } from 'vitest';
import { run } from './main';

describe('jayu CLI', () => {
  it('prints help and exits 0', async () => {
    expect(await run(['--help'])).toBe(0);
  });
  it('exits 2 on an unknown command', async () => {
    expect(await run(['no-such-command'])).toBe(2);
  });
});
