/**
 * The UN submission report as a sequence of blocks (title, headings, paragraphs, figures,
 * tables) in one language. The PDF and HTML renderers lay these out; neither decides content.
 *
 * Rules kept here: every count comes from a published cell (null prints as the hidden mark); a
 * mean price is shown only when at least k prices make it; no yearly estimate is shown for a
 * year whose documented count is hidden (report-data.ts).
 */
import { getPlace, placeName } from '../model/gazetteer';
import { label, type Lang } from '../model/vocabularies';
import { dimensionCodes, TOTAL, type PublishedTable } from './disclosure/tables';
import { barChart, posteriorHistogram, timelineChart } from './graphics/charts';
import type { Drawing } from './graphics/drawing';
import { choropleth } from './graphics/maps';
import { REPORT_TEXT, type Facts, type ReportText } from './i18n';
import { BLACK_HOLE_YEARS, cellOf, type ReportData } from './report-data';
import { DPRK_PROVINCES, UNKNOWN } from './statistics';

export type Block =
  | { kind: 'title'; title: string; subtitle: string; generated: string; notice: string | null }
  | { kind: 'heading'; text: string; level: 1 | 2 }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'figure'; drawing: Drawing; caption: string }
  | { kind: 'table'; caption: string; header: string[]; rows: string[][]; note: string | null };

function facts(d: ReportData): Facts {
  const sumYears = (years: number[]): number | null => {
    let s = 0;
    for (const y of years) {
      if (y < d.period.from || y > d.period.to) return null;
      const v = cellOf(d, 'victims_year', { year: String(y) });
      if (v === null) return null;
      s += v;
    }
    return s;
  };
  const before = [2017, 2018, 2019];
  const b = d.business;
  return {
    from: d.period.from,
    to: d.period.to,
    k: d.disclosure.k,
    victims: cellOf(d, 'victims_year', {}),
    violations: cellOf(d, 'violations_type_year', {}),
    returns: cellOf(d, 'returns_year', {}),
    lists: d.lists,
    persons: d.linkage.persons,
    withoutConsent: d.withoutConsent,
    estimate: d.estimates.overall
      ? {
          estimate: d.estimates.overall.estimate,
          lower: d.estimates.overall.lower,
          upper: d.estimates.overall.upper,
          model: d.estimates.overall.model,
          method: d.estimates.overall.method,
        }
      : null,
    blackHole: {
      before: sumYears(before),
      during: sumYears([...BLACK_HOLE_YEARS]),
      yearsBefore: before.length,
    },
    business: b
      ? {
          usd: b.perYearUsd.estimate,
          lower: b.perYearUsd.lower,
          upper: b.perYearUsd.upper,
          cnyPerUsd: b.cnyPerUsd,
          ratio: b.claim.ratio,
          inside: b.claim.insideInterval,
          womenImplied: b.claim.womenPerYearImplied,
          womenEstimated: b.claim.womenPerYearEstimated,
          revenuePerWoman: b.revenuePerWomanCny,
          replicates: b.replicates,
        }
      : null,
    synthetic: d.dataset.kind === 'synthetic',
    linkage: d.linkage.method,
    linkageRun:
      d.linkage.run === undefined
        ? undefined
        : d.linkage.run && {
            id: d.linkage.run.id,
            date: d.linkage.run.finishedAt.slice(0, 10),
            threshold: d.linkage.run.threshold,
            organisations: d.linkage.run.organisations.length,
            unlinkedOrganisations: (d.organisations ?? []).filter(
              (o) => !d.linkage.run!.organisations.includes(o),
            ).length,
          },
    roundTo: d.disclosure.roundTo,
    protection: d.disclosure.protection,
    lcmcr: d.estimates.settings.lcmcr,
    seed: d.estimates.settings.seed,
    noise: d.disclosure.noise,
  };
}

/** Labels of the codes of each table dimension, in one language. */
function codeLabel(t: ReportText, lang: Lang, dimension: string, code: string): string {
  if (code === TOTAL) return t.labels.total;
  if (code === UNKNOWN) return t.unknown;
  switch (dimension) {
    case 'violation':
      return label('violations', code, lang);
    case 'age':
      return label('ageBands', code, lang);
    case 'perpetrator':
      return label('perpetratorTypes', code, lang);
    case 'role':
      return label('roles', code, lang);
    case 'sale_kind':
      return label('saleKinds', code, lang);
    case 'home': {
      const p = getPlace(code);
      return p ? placeName(p, lang) : code;
    }
    case 'region':
      return t.region[code] ?? code;
    case 'after_return':
      return t.afterReturn[code] ?? code;
    case 'price':
      return t.priceBand[code] ?? code;
    case 'prc_detention':
      return code === 'yes' ? t.labels.yes : t.labels.no;
    default:
      return code;
  }
}

/** A one- or two-way table as rows (first dimension) by columns (second), with totals. */
function crossTable(
  table: PublishedTable,
  t: ReportText,
  lang: Lang,
  fmt: (v: number | null) => string,
): { header: string[]; rows: string[][] } {
  const [rowDim, colDim] = table.spec.dimensions;
  const value = new Map(table.cells.map((c) => [c.key.split('|')[1], c.value]));
  const keyOf = (coords: Record<string, string>) =>
    Object.keys(coords)
      .filter((k) => coords[k] !== TOTAL)
      .sort()
      .map((k) => `${k}=${coords[k]}`)
      .join(';');
  const rowCodes = dimensionCodes(rowDim);
  const colCodes = colDim ? dimensionCodes(colDim) : [TOTAL];
  const header = [
    '',
    ...colCodes.map((c) => (colDim ? codeLabel(t, lang, colDim.name, c) : t.labels.total)),
  ];
  const rows: string[][] = [];
  for (const r of rowCodes) {
    const cells = colCodes.map(
      (c) =>
        value.get(keyOf({ [rowDim.name]: r, ...(colDim ? { [colDim.name]: c } : {}) })) ?? null,
    );
    rows.push([codeLabel(t, lang, rowDim.name, r), ...cells.map(fmt)]);
  }
  return { header, rows };
}

export function composeReport(d: ReportData, lang: Lang): Block[] {
  const t = REPORT_TEXT[lang];
  const f = facts(d);
  const n = (x: number) => Math.round(x).toLocaleString(t.locale);
  const fmt = (v: number | null) => (v === null ? t.hiddenMark : n(v));
  const note = t.hiddenNote(f);
  const blocks: Block[] = [];
  const para = (text: string) => blocks.push({ kind: 'paragraph', text });
  const heading = (text: string, level: 1 | 2 = 1) => blocks.push({ kind: 'heading', text, level });
  const table = (caption: string, tb: PublishedTable) => {
    const { header, rows } = crossTable(tb, t, lang, fmt);
    blocks.push({ kind: 'table', caption, header, rows, note });
  };

  blocks.push({
    kind: 'title',
    title: t.title,
    subtitle: t.subtitle(f),
    generated: t.generated(d.generatedOn),
    notice: f.synthetic ? t.syntheticNotice : null,
  });

  heading(t.sections.summary);
  t.summary(f, n).forEach(para);

  heading(t.sections.methods);
  for (const m of t.methods(f, n)) {
    heading(m.heading, 2);
    para(m.text);
  }

  heading(t.sections.documented);
  t.documented(f, n).forEach(para);
  const typeTable = d.tables.violations_type_year;
  blocks.push({
    kind: 'figure',
    caption: t.figures.violations,
    drawing: barChart({
      title: t.figures.violations,
      description: t.figures.violations,
      bars: d.legal.map((l) => ({ label: label('violations', l.violation, lang), value: l.count })),
      hiddenMark: t.hiddenMark,
      locale: t.locale,
    }),
  });
  table(`${t.labels.violation} × ${t.labels.year}`, typeTable);
  table(`${t.labels.violation} × ${t.labels.region}`, d.tables.violations_type_region);

  heading(t.sections.estimates);
  t.estimates(f, n).forEach(para);
  const yearLabels: string[] = [];
  for (let y = d.period.from; y <= d.period.to; y++) yearLabels.push(String(y));
  const timeline = timelineChart({
    title: t.figures.timeline,
    description: t.figures.timelineDesc,
    points: d.estimates.byYear.map((y) => ({
      label: String(y.year),
      documented: cellOf(d, 'victims_year', { year: String(y.year) }),
      estimate: y.estimate,
    })),
    shaded: BLACK_HOLE_YEARS.map(String).filter((y) => yearLabels.includes(y)),
    legend: {
      documented: t.labels.documented,
      estimated: t.labels.estimated,
      hidden: t.labels.hidden,
      shaded: t.labels.blackHole,
      unbounded: t.labels.unbounded,
    },
    hiddenMark: t.hiddenMark,
    locale: t.locale,
  });
  blocks.push({
    kind: 'figure',
    caption: `${t.figures.timeline}. ${t.figures.timelineDesc}`,
    drawing: timeline,
  });
  blocks.push({
    kind: 'table',
    caption: t.figures.timeline,
    header: [t.labels.year, t.labels.documented, t.labels.estimated],
    rows: d.estimates.byYear.map((y) => [
      String(y.year),
      fmt(cellOf(d, 'victims_year', { year: String(y.year) })),
      y.estimate
        ? `${n(y.estimate.estimate)} (${n(y.estimate.lower)}–${y.estimate.upper === null ? '∞' : n(y.estimate.upper)})`
        : '—',
    ]),
    note,
  });
  if (d.posterior && f.estimate) {
    blocks.push({
      kind: 'figure',
      caption: t.figures.posterior,
      drawing: posteriorHistogram({
        title: t.figures.posterior,
        description: t.figures.posterior,
        draws: d.posterior.draws,
        observed: f.victims ?? 0,
        median: d.posterior.median,
        ci95: [
          d.posterior.ci95[0],
          Number.isFinite(d.posterior.ci95[1]) ? d.posterior.ci95[1] : d.posterior.median * 2,
        ],
        legend: {
          documented: t.labels.documented,
          median: t.labels.median,
          interval: t.labels.interval,
        },
        locale: t.locale,
      }),
    });
  }

  heading(t.sections.blackHole);
  t.blackHole(f, n).forEach(para);

  heading(t.sections.maps);
  t.maps.forEach(para);
  const redZone = ['cn-ln', 'cn-jl', 'cn-hl'];
  blocks.push({
    kind: 'figure',
    caption: t.figures.redZone,
    drawing: choropleth({
      title: t.figures.redZone,
      description: t.figures.redZone,
      regions: redZone.map((id) => ({
        placeId: id,
        label: t.region[id],
        value: cellOf(d, 'violations_year_region', { region: id }),
      })),
      context: ['cn-nm', 'cn-he', ...DPRK_PROVINCES],
      legend: { hidden: t.labels.hidden, zero: t.labels.zero },
      hiddenMark: t.hiddenMark,
      locale: t.locale,
    }),
  });
  blocks.push({
    kind: 'figure',
    caption: t.figures.dprk,
    drawing: choropleth({
      title: t.figures.dprk,
      description: t.figures.dprk,
      regions: DPRK_PROVINCES.map((id) => ({
        placeId: id,
        label: codeLabel(t, lang, 'home', id),
        value: cellOf(d, 'victims_home', { home: id }),
      })),
      context: ['cn-ln', 'cn-jl'],
      legend: { hidden: t.labels.hidden, zero: t.labels.zero },
      hiddenMark: t.hiddenMark,
      locale: t.locale,
    }),
  });

  heading(t.sections.repatriation);
  t.repatriation(f, n).forEach(para);
  blocks.push({
    kind: 'figure',
    caption: t.figures.afterReturn,
    drawing: barChart({
      title: t.figures.afterReturn,
      description: t.figures.afterReturn,
      bars: dimensionCodes(d.tables.returns_outcome.spec.dimensions[0])
        .filter((c) => c !== TOTAL)
        .map((c) => ({
          label: t.afterReturn[c],
          value: cellOf(d, 'returns_outcome', { after_return: c }),
        })),
      hiddenMark: t.hiddenMark,
      locale: t.locale,
      color: '#7a3b69',
    }),
  });
  table(t.figures.returns, d.tables.returns_year);
  table(t.figures.afterReturn, d.tables.returns_outcome);
  table(t.labels.detainedInChina, d.tables.returns_prc_detention);

  heading(t.sections.legal);
  t.legal.forEach(para);
  blocks.push({
    kind: 'table',
    caption: t.sections.legal,
    header: [
      t.labels.violation,
      t.labels.count,
      t.labels.cah,
      t.labels.frameworks,
      t.labels.elements,
    ],
    rows: d.legal.map((l) => [
      label('violations', l.violation, lang),
      fmt(l.count),
      l.crimeAgainstHumanity ? t.labels.yes : t.labels.no,
      l.frameworks.map((fw) => label('legalFrameworks', fw, lang)).join('; '),
      l.elements.map((e) => label('legalElements', e, lang)).join('; '),
    ]),
    note,
  });

  heading(t.sections.business);
  if (d.business) {
    t.business(f, n).forEach(para);
    const b = d.business;
    const salesTotal = (kind: string) => cellOf(d, 'sales_kind_price', { sale_kind: kind });
    blocks.push({
      kind: 'table',
      caption: t.sections.business,
      header: [t.labels.kind, t.labels.sales, t.labels.meanPrice, t.labels.perYear],
      rows: b.kinds
        .filter((k) => k.sales > 0)
        .map((k) => [
          label('saleKinds', k.kind, lang),
          fmt(salesTotal(k.kind)),
          k.meanPriceCny !== null && k.priced >= d.disclosure.k
            ? n(k.meanPriceCny)
            : t.labels.notShownSmall,
          k.priced >= d.disclosure.k ? n(k.perYearCny) : t.labels.notShownSmall,
        ]),
      note,
    });
    blocks.push({ kind: 'list', items: t.businessAssumptions(f, n) });
  } else {
    para(t.businessUnavailable(d.businessError ?? ''));
  }

  heading(t.sections.limitations);
  blocks.push({ kind: 'list', items: t.limitations(f) });

  heading(t.sections.annex);
  table(t.labels.ageBand, d.tables.victims_age);
  table(t.labels.homeProvince, d.tables.victims_home);
  table(`${t.labels.year} × ${t.labels.region}`, d.tables.violations_year_region);
  const perpetrators = d.tables.perpetrators_type_role.spec.dimensions[0];
  blocks.push({
    kind: 'table',
    caption: t.figures.perpetrators,
    header: [t.labels.perpetrator, t.labels.total],
    rows: dimensionCodes(perpetrators).map((c) => [
      codeLabel(t, lang, 'perpetrator', c),
      fmt(cellOf(d, 'perpetrators_type_role', c === TOTAL ? {} : { perpetrator: c })),
    ]),
    note,
  });
  table(`${t.labels.kind} × ${t.labels.priceBand}`, d.tables.sales_kind_price);
  return blocks;
}
