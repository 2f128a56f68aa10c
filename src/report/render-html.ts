/**
 * The report's blocks (compose.ts) as one self-contained HTML file: inline CSS, figures as inline
 * SVG, no script and no outside resource (it is read offline and may be mailed as is).
 */
import { escapeXml } from '../estimate/plots';
import type { Lang } from '../model/vocabularies';
import type { Block } from './compose';
import { SVG_FONTS, toSvg } from './graphics/drawing';
import { REPORT_TEXT } from './i18n';

const CSS = `
body{font-family:var(--font);color:#1f2430;max-width:820px;margin:2rem auto;padding:0 1rem;line-height:1.55;font-size:15px}
h1.title{color:#7a1f2b;font-size:1.8rem;margin-bottom:.2rem}
p.subtitle{font-size:1.1rem;margin:.2rem 0}p.generated{color:#5b6472;font-size:.85rem}
.notice{background:#fff4d6;color:#7a4b00;padding:.6rem .8rem;font-weight:bold}
h2{color:#7a1f2b;border-bottom:1px solid #c8ced6;padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1rem;margin-bottom:.2rem}
figure{margin:1.2rem 0;text-align:center}figure svg{max-width:100%;height:auto}
figcaption{color:#5b6472;font-size:.85rem}
table{border-collapse:collapse;font-size:.78rem;margin:.4rem 0;width:100%}
caption{font-weight:bold;text-align:left;padding:.3rem 0}
th,td{border-bottom:1px solid #d9dde3;padding:.2rem .35rem;text-align:right;vertical-align:top}
th{background:#eef1f5}td:first-child,th:first-child{text-align:left}
table.text td{text-align:left}
p.note{color:#5b6472;font-size:.75rem;margin-top:.1rem}
`;

export function renderHtml(blocks: readonly Block[], lang: Lang): string {
  const t = REPORT_TEXT[lang];
  const font = SVG_FONTS[lang];
  const title = blocks.find((b) => b.kind === 'title');
  let figure = 0;
  const body = blocks.map((b) => {
    switch (b.kind) {
      case 'title':
        return (
          `<header><h1 class="title">${escapeXml(b.title)}</h1><p class="subtitle">${escapeXml(b.subtitle)}</p>` +
          `<p class="generated">${escapeXml(b.generated)}</p>${b.notice ? `<p class="notice">${escapeXml(b.notice)}</p>` : ''}</header>`
        );
      case 'heading':
        return b.level === 1 ? `<h2>${escapeXml(b.text)}</h2>` : `<h3>${escapeXml(b.text)}</h3>`;
      case 'paragraph':
        return `<p>${escapeXml(b.text)}</p>`;
      case 'list':
        return `<ul>${b.items.map((i) => `<li>${escapeXml(i)}</li>`).join('')}</ul>`;
      case 'figure':
        figure++;
        return `<figure>${toSvg(b.drawing, font, `fig${figure}`)}<figcaption>${escapeXml(b.caption)}</figcaption></figure>`;
      case 'table': {
        const textual = b.rows.some((r) => r.slice(1).some((c) => c.length > 24));
        return (
          `<table${textual ? ' class="text"' : ''}><caption>${escapeXml(b.caption)}</caption>` +
          `<thead><tr>${b.header.map((h) => `<th scope="col">${escapeXml(h)}</th>`).join('')}</tr></thead><tbody>` +
          b.rows
            .map(
              (r) =>
                `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escapeXml(c)}</th>` : `<td>${escapeXml(c)}</td>`)).join('')}</tr>`,
            )
            .join('') +
          `</tbody></table>${b.note ? `<p class="note">${escapeXml(b.note)}</p>` : ''}`
        );
      }
    }
  });
  return (
    `<!doctype html>\n<html lang="${t.locale}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeXml(title && title.kind === 'title' ? title.title : 'Jayu')}</title>` +
    `<style>:root{--font:${font}}${CSS}</style></head><body>${body.join('\n')}</body></html>\n`
  );
}
