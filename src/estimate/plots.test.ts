import { describe, expect, it } from 'vitest';
import { escapeXml, niceTicks, posteriorPlotSvg, strataTimelineSvg } from './plots';
import { Random } from './random';

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * A strict little XML reader for the tests: throws on unbalanced or mismatched tags, unquoted or
 * duplicate attributes, stray '<' or '&' in text; returns the element tree.
 */
function parseXml(src: string): XmlElement {
  let i = 0;
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const checkText = (t: string) => {
    if (/<|&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(t))
      throw new Error(`bad character in text near "${t.slice(0, 30)}"`);
  };
  while (i < src.length) {
    if (src[i] === '<') {
      const end = src.indexOf('>', i);
      if (end < 0) throw new Error('unterminated tag');
      const tag = src.slice(i + 1, end);
      i = end + 1;
      if (tag.startsWith('/')) {
        const name = tag.slice(1).trim();
        const open = stack.pop();
        if (!open || open.name !== name)
          throw new Error(`closing </${name}> does not match <${open?.name}>`);
        continue;
      }
      const selfClosing = tag.endsWith('/');
      const body = selfClosing ? tag.slice(0, -1) : tag;
      const nameMatch = /^([A-Za-z][\w:.-]*)/.exec(body);
      if (!nameMatch) throw new Error(`bad tag <${tag}>`);
      const el: XmlElement = { name: nameMatch[1], attributes: {}, children: [], text: '' };
      let rest = body.slice(nameMatch[1].length);
      const attr = /^\s+([\w:.-]+)="([^"<]*)"/;
      for (;;) {
        const mm = attr.exec(rest);
        if (!mm) break;
        if (mm[1] in el.attributes) throw new Error(`duplicate attribute ${mm[1]}`);
        checkText(mm[2]);
        el.attributes[mm[1]] = mm[2];
        rest = rest.slice(mm[0].length);
      }
      if (rest.trim() !== '')
        throw new Error(`malformed attributes in <${el.name}>: "${rest.trim()}"`);
      stack[stack.length - 1].children.push(el);
      if (!selfClosing) stack.push(el);
    } else {
      const next = src.indexOf('<', i);
      const t = src.slice(i, next < 0 ? src.length : next);
      checkText(t);
      stack[stack.length - 1].text += t;
      i = next < 0 ? src.length : next;
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (root.children.length !== 1) throw new Error('expected one root element');
  return root.children[0];
}

function findAll(
  el: XmlElement,
  pred: (e: XmlElement) => boolean,
  out: XmlElement[] = [],
): XmlElement[] {
  if (pred(el)) out.push(el);
  for (const c of el.children) findAll(c, pred, out);
  return out;
}

describe('SVG charts', () => {
  it('the test XML reader rejects broken markup', () => {
    expect(() => parseXml('<svg><g></svg>')).toThrow();
    expect(() => parseXml('<svg a=1></svg>')).toThrow();
    expect(() => parseXml('<svg><text>a & b</text></svg>')).toThrow();
    expect(parseXml('<svg><text>a &amp; b</text></svg>').name).toBe('svg');
  });

  it('posterior plot: well-formed, with bars, interval, median and documented marks', () => {
    const r = new Random(1);
    const draws = Float64Array.from({ length: 2000 }, () => 10000 + 1200 * r.normal());
    const svg = posteriorPlotSvg({
      draws,
      observed: 4400,
      median: 10000,
      ci95: [7700, 12300],
      title: 'Kosovo <test> & "N"',
    });
    const doc = parseXml(svg);
    expect(doc.name).toBe('svg');
    expect(doc.attributes.role).toBe('img');
    const title = findAll(doc, (e) => e.name === 'title')[0];
    expect(title.text).toBe(escapeXml('Kosovo <test> & "N"'));
    const bars = findAll(doc, (e) => e.name === 'g' && e.attributes.class === 'bars')[0];
    expect(bars.children.length).toBeGreaterThan(20);
    const interval = findAll(doc, (e) => e.attributes.class === 'interval')[0];
    const median = findAll(doc, (e) => e.attributes.class === 'median')[0];
    const documented = findAll(doc, (e) => e.attributes.class === 'documented')[0];
    const ix = Number(interval.attributes.x);
    const iw = Number(interval.attributes.width);
    const mx = Number(median.attributes.x1);
    // The median line lies inside the interval band, the documented line left of both.
    expect(mx).toBeGreaterThan(ix);
    expect(mx).toBeLessThan(ix + iw);
    expect(Number(documented.attributes.x1)).toBeLessThan(ix);
    expect(findAll(doc, (e) => e.name === 'desc')[0].text).toContain('Median 10,000');
  });

  it('posterior plot from a grid posterior (dga)', () => {
    const N = Float64Array.from({ length: 500 }, (_, i) => 100 + i);
    const p = Float64Array.from(N, (n) => Math.exp(-((n - 250) ** 2) / 800));
    const s = p.reduce((a, b) => a + b, 0);
    const svg = posteriorPlotSvg({
      grid: { N, probability: p.map((v) => v / s) },
      observed: 100,
      median: 250,
      ci95: [195, 305],
    });
    expect(findAll(parseXml(svg), (e) => e.name === 'rect').length).toBeGreaterThan(10);
  });

  it('strata timeline: band per run of estimates, gap where there is none, documented line', () => {
    const points = [
      { label: '2017', documented: 120, estimate: 310, lower: 240, upper: 420 },
      { label: '2018', documented: 150, estimate: 330, lower: 260, upper: 450 },
      { label: '2019', documented: 140, estimate: 300, lower: 230, upper: 410 },
      { label: '2020', documented: 8, estimate: null, lower: null, upper: null },
      { label: '2021', documented: 3, estimate: null, lower: null, upper: null },
      { label: '2023', documented: 90, estimate: 280, lower: 190, upper: 460 },
    ];
    const doc = parseXml(strataTimelineSvg({ points, title: 'Documented vs estimated' }));
    const bands = findAll(doc, (e) => e.attributes.class === 'band');
    expect(bands.map((b) => b.name)).toEqual(['polygon', 'rect']);
    expect(findAll(doc, (e) => e.attributes.class === 'estimate-point')).toHaveLength(4);
    expect(findAll(doc, (e) => e.attributes.class === 'documented-point')).toHaveLength(6);
    const documented = findAll(doc, (e) => e.attributes.class === 'documented')[0];
    expect(documented.attributes.points.split(' ')).toHaveLength(6);
    const labels = findAll(doc, (e) => e.name === 'text').map((e) => e.text);
    expect(labels).toEqual(expect.arrayContaining(['2017', '2020', '2023']));
    expect(findAll(doc, (e) => e.name === 'desc')[0].text).toContain(
      '2020: documented 8, no estimate',
    );
  });

  it('ticks are round numbers covering the range', () => {
    expect(niceTicks(0, 1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceTicks(4400, 14000)[0]).toBeGreaterThanOrEqual(4400);
  });
});
