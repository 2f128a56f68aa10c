/**
 * Documented violations by type and year (the 2020-2022 collapse of documentation shaded, so a
 * fall in counts is not read as a fall in crimes), counts on the Red Zone and DPRK provinces,
 * and repatriations over time. Small cells arrive already suppressed from the server.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '../../../src/server/schemas';
import { get } from '../api';
import { Chart, type ChartOption } from '../components/Chart';
import { ProvinceMap, loadProvinces, provinceCode, provinceName } from '../components/ProvinceMap';
import { useLabels } from '../session';

const FONT = 'system-ui, "Noto Sans CJK KR", "Noto Sans CJK SC", "Noto Sans", sans-serif';
const BLACK_HOLE: [number, number] = [2020, 2022];

export function DashboardPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const [data, setData] = useState<Dashboard | null>(null);
  const [error, setError] = useState(false);
  const [provinceNames, setProvinceNames] = useState<Map<string, string>>(new Map());

  useEffect(() => {
    get<Dashboard>('/stats/dashboard')
      .then(setData)
      .catch(() => setError(true));
  }, []);
  useEffect(() => {
    void loadProvinces()
      .then((g) =>
        setProvinceNames(
          new Map(
            g.features.map((f) => [
              provinceCode(f.properties ?? {}),
              provinceName(f.properties ?? {}),
            ]),
          ),
        ),
      )
      .catch(() => undefined);
  }, [labels.lang]);

  const years = useMemo(() => {
    if (!data) return [];
    const ys = [
      ...data.violationsByYear.map((r) => r.year),
      ...data.repatriationsByYear.map((r) => r.year),
    ];
    if (ys.length === 0) return [];
    // The axis always spans the border-closure years, so the gap shows even with no data there.
    const out: number[] = [];
    const from = Math.min(...ys, BLACK_HOLE[0] - 1);
    const to = Math.max(...ys, BLACK_HOLE[1] + 1);
    for (let y = from; y <= to; y++) out.push(y);
    return out;
  }, [data]);

  const violationOption = useMemo<ChartOption | null>(() => {
    if (!data) return null;
    const types = [...new Set(data.violationsByYear.map((r) => r.violation))];
    const blackHoleLabel = t('dashboard.blackHole');
    return {
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 48, right: 16, top: 24, bottom: 64 },
      xAxis: { type: 'category', data: years.map(String) },
      yAxis: { type: 'value' },
      series: types.map((v, i) => ({
        name: labels.term('violations', v),
        type: 'bar',
        stack: 'v',
        data: years.map((y) => {
          const r = data.violationsByYear.find((x) => x.violation === v && x.year === y);
          return r && !r.suppressed ? r.count : 0;
        }),
        ...(i === 0
          ? {
              markArea: {
                silent: true,
                itemStyle: { color: 'rgba(30,30,30,0.12)' },
                label: { show: true, position: 'insideTop', color: '#333', fontFamily: FONT },
                data: [
                  [
                    { name: blackHoleLabel, xAxis: String(BLACK_HOLE[0]) },
                    { xAxis: String(BLACK_HOLE[1]) },
                  ],
                ],
              },
            }
          : {}),
      })),
    };
  }, [data, years, labels, t]);

  const repatriationOption = useMemo<ChartOption | null>(() => {
    if (!data) return null;
    return {
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 24, bottom: 32 },
      xAxis: { type: 'category', data: years.map(String) },
      yAxis: { type: 'value' },
      series: [
        {
          name: t('dashboard.repatriations'),
          type: 'line',
          data: years.map((y) => {
            const r = data.repatriationsByYear.find((x) => x.year === y);
            return r && !r.suppressed ? r.count : 0;
          }),
          markArea: {
            silent: true,
            itemStyle: { color: 'rgba(30,30,30,0.12)' },
            data: [[{ xAxis: String(BLACK_HOLE[0]) }, { xAxis: String(BLACK_HOLE[1]) }]],
          },
        },
      ],
    };
  }, [data, years, t]);

  const counts = useMemo(() => {
    if (!data) return undefined;
    const m: Record<string, number> = {};
    for (const r of data.byProvince) if (!r.suppressed) m[r.province] = r.count;
    return m;
  }, [data]);

  if (error) return <p role="alert">{t('common.loadFailed')}</p>;
  if (!data || !violationOption || !repatriationOption) return <p>{t('common.loading')}</p>;

  return (
    <div className="dashboard">
      <header className="page-head">
        <h1>{t('dashboard.title')}</h1>
        <p className="muted">
          {t('dashboard.total', { count: data.totalCases })} ·{' '}
          {t('dashboard.suppression', { k: data.minimumCell })}
        </p>
      </header>
      <section aria-labelledby="h-by-year" className="card">
        <h2 id="h-by-year">{t('dashboard.byYear')}</h2>
        <p className="hint">{t('dashboard.blackHoleNote')}</p>
        <Chart option={violationOption} label={t('dashboard.byYear')} testId="chart-violations" />
      </section>
      <div className="case-columns">
        <section aria-labelledby="h-map" className="card">
          <h2 id="h-map">{t('dashboard.map')}</h2>
          <ProvinceMap counts={counts} label={t('dashboard.map')} testId="dashboard-map" />
          <table className="compact" data-testid="province-table">
            <caption className="visually-hidden">{t('dashboard.map')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dashboard.province')}</th>
                <th scope="col" className="num">
                  {t('dashboard.count')}
                </th>
              </tr>
            </thead>
            <tbody>
              {[...data.byProvince]
                .sort((a, b) => b.count - a.count)
                .map((r) => (
                  <tr key={r.province}>
                    <td>{provinceNames.get(r.province) ?? r.province}</td>
                    <td className="num">{r.suppressed ? `< ${data.minimumCell}` : r.count}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
        <section aria-labelledby="h-rep" className="card">
          <h2 id="h-rep">{t('dashboard.repatriations')}</h2>
          <Chart
            option={repatriationOption}
            label={t('dashboard.repatriations')}
            height={300}
            testId="chart-repatriations"
          />
        </section>
      </div>
    </div>
  );
}
