import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesise } from '../../synth';
import { ExitCode } from '../exit-codes';
import { run } from '../main';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'jayu-cli-report-'));
  synthesise({ people: 2500, sources: 3, seed: 4, out: path.join(dir, 'synth'), hidden: false });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const from = () => ['--from-synth', path.join(dir, 'synth'), '--linkage', 'truth'];

describe('jayu report', () => {
  it('writes the UN report as HTML in Chinese', async () => {
    const out = path.join(dir, 'un.html');
    const code = await run([
      'report',
      'un',
      ...from(),
      '--out',
      out,
      '--lang',
      'zh',
      '--period',
      '2010-2024',
      '--quick',
    ]);
    expect(code).toBe(ExitCode.ok);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('5. 2020–2022年的信息黑洞');
  });

  it('links the lists with Fellegi-Sunter record linkage by default', async () => {
    const out = path.join(dir, 'un-en.html');
    const code = await run([
      'report',
      'un',
      '--from-synth',
      path.join(dir, 'synth'),
      '--out',
      out,
      '--quick',
    ]);
    expect(code).toBe(ExitCode.ok);
    expect(readFileSync(out, 'utf8')).toMatch(
      /probabilistic record linkage \(Fellegi–Sunter.*giving [\d,]+ distinct people/,
    );
  });

  it('writes the CTDC export', async () => {
    const out = path.join(dir, 'ctdc.csv');
    expect(
      await run([
        'report',
        'export',
        '--format',
        'ctdc',
        ...from(),
        '--out',
        out,
        '--period',
        '2000-2024',
      ]),
    ).toBe(ExitCode.ok);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toMatch(
      /^yearOfRegistration,Datasource,gender,ageBroad,/,
    );
  });

  it('refuses k below 5, a bad period, an unknown output type and a missing directory', async () => {
    const out = path.join(dir, 'x.pdf');
    expect(await run(['report', 'un', ...from(), '--out', out, '--k', '4'])).toBe(ExitCode.usage);
    expect(await run(['report', 'un', ...from(), '--out', out, '--period', '2024-2015'])).toBe(
      ExitCode.usage,
    );
    expect(await run(['report', 'un', ...from(), '--out', path.join(dir, 'x.docx')])).toBe(
      ExitCode.usage,
    );
    expect(
      await run(['report', 'un', '--from-synth', path.join(dir, 'nothing'), '--out', out]),
    ).toBe(ExitCode.notFound);
    expect(existsSync(out)).toBe(false);
  });
});
