/**
 * The words of the UN submission report in Korean, English and simplified Chinese. Codes
 * (violations, age bands, perpetrator types, places) take their labels from the vocabularies and
 * the gazetteer; everything else a report says is here, one function per paragraph so that the
 * three languages say the same thing with the same numbers.
 */
import type { Lang } from '../model/vocabularies';

/** Numbers a paragraph needs, already decided (null: not shown). */
export interface Facts {
  from: number;
  to: number;
  k: number;
  victims: number | null;
  violations: number | null;
  returns: number | null;
  lists: number;
  persons: number;
  withoutConsent: number;
  estimate: {
    estimate: number;
    lower: number;
    upper: number | null;
    model: string;
    method: string;
  } | null;
  blackHole: { before: number | null; during: number | null; yearsBefore: number };
  business: {
    usd: number;
    lower: number;
    upper: number | null;
    cnyPerUsd: number;
    ratio: number;
    inside: boolean;
    womenImplied: number;
    womenEstimated: number;
    revenuePerWoman: number;
    replicates: number;
  } | null;
  synthetic: boolean;
  linkage: 'fellegi-sunter' | 'truth' | 'none';
  /**
   * From the store: the linkage run whose clusters count people (threshold null if not recorded;
   * organisations it linked; organisations of the report outside it), or null when the store has
   * none. Undefined for files.
   */
  linkageRun?: {
    id: string;
    date: string;
    threshold: number | null;
    organisations: number;
    unlinkedOrganisations: number;
  } | null;
  roundTo: number | null;
  protection: number;
  lcmcr: { burnin: number; samples: number; thinning: number } | null;
  seed: number;
  /** Differential privacy instead of suppression, or null. */
  noise: {
    kind: 'laplace' | 'gaussian';
    epsilon: number;
    delta: number;
    maxPerPerson: number;
    dataset: string;
    ledger: 'store' | 'memory';
    tables: number;
    perTableEpsilon: number;
  } | null;
}

/** Privacy parameters as printed: plain digits, no grouping, at most 6 significant digits. */
const p = (x: number) => String(Number(x.toPrecision(6)));
const privacy = (f: Facts) =>
  f.noise
    ? `ε = ${p(f.noise.epsilon)}${f.noise.kind === 'gaussian' ? `, δ = ${p(f.noise.delta)}` : ''}`
    : '';

export interface ReportText {
  locale: string;
  title: string;
  subtitle: (f: Facts) => string;
  generated: (date: string) => string;
  syntheticNotice: string;
  hiddenMark: string;
  hiddenNote: (f: Facts) => string;
  sections: {
    summary: string;
    methods: string;
    documented: string;
    estimates: string;
    blackHole: string;
    maps: string;
    repatriation: string;
    legal: string;
    business: string;
    limitations: string;
    annex: string;
  };
  summary: (f: Facts, n: (x: number) => string) => string[];
  methods: (f: Facts, n: (x: number) => string) => { heading: string; text: string }[];
  documented: (f: Facts, n: (x: number) => string) => string[];
  estimates: (f: Facts, n: (x: number) => string) => string[];
  blackHole: (f: Facts, n: (x: number) => string) => string[];
  maps: string[];
  repatriation: (f: Facts, n: (x: number) => string) => string[];
  legal: string[];
  business: (f: Facts, n: (x: number) => string) => string[];
  businessUnavailable: (reason: string) => string;
  businessAssumptions: (f: Facts, n: (x: number) => string) => string[];
  limitations: (f: Facts) => string[];
  figures: {
    timeline: string;
    timelineDesc: string;
    violations: string;
    redZone: string;
    dprk: string;
    returns: string;
    afterReturn: string;
    posterior: string;
    perpetrators: string;
  };
  labels: {
    year: string;
    total: string;
    documented: string;
    estimated: string;
    interval: string;
    unbounded: string;
    hidden: string;
    zero: string;
    median: string;
    blackHole: string;
    violation: string;
    count: string;
    elements: string;
    frameworks: string;
    cah: string;
    yes: string;
    no: string;
    kind: string;
    sales: string;
    meanPrice: string;
    perYear: string;
    ageBand: string;
    homeProvince: string;
    region: string;
    outcome: string;
    detainedInChina: string;
    perpetrator: string;
    role: string;
    priceBand: string;
    notShownSmall: string;
  };
  region: Record<string, string>;
  afterReturn: Record<string, string>;
  priceBand: Record<string, string>;
  unknown: string;
}

const usd = (x: number, n: (x: number) => string) => `USD ${n(Math.round(x))}`;

const en: ReportText = {
  locale: 'en-GB',
  title: 'Trafficking of North Korean women and girls in China',
  subtitle: (f) =>
    `Submission to the United Nations: documented and estimated violations, ${f.from}–${f.to}`,
  generated: (d) => `Prepared on ${d} with Jayu`,
  syntheticNotice:
    'This report was produced from a synthetic population generated for testing. None of its numbers describes real people.',
  hiddenMark: 'x',
  hiddenNote: (f) =>
    f.noise
      ? 'Every number has random noise added (differential privacy); none is hidden. A total is the sum of its noisy parts, so the same total may differ slightly between tables.'
      : `x: not shown. Groups of fewer than ${f.k} people are never published, and further cells are hidden so that no hidden number can be worked out from totals or from other tables.` +
        (f.roundTo
          ? ` Shown numbers are rounded to the nearest ${f.roundTo}; totals may differ from the sum of their parts.`
          : ''),
  sections: {
    summary: '1. Summary',
    methods: '2. Methods',
    documented: '3. Documented cases',
    estimates: '4. Estimates with uncertainty',
    blackHole: '5. The black hole of 2020–2022',
    maps: '6. Maps: the Red Zone and the provinces of origin',
    repatriation: '7. Forced repatriation and detention',
    legal: '8. Legal classification of the violations',
    business: '9. The business: revenue from sales',
    limitations: '10. Limitations',
    annex: 'Annex: tables',
  },
  summary: (f, n) => [
    `Between ${f.from} and ${f.to}, the organisations contributing to this report documented ${f.victims === null ? 'a number of' : n(f.victims)} North Korean women and girls who crossed into China in that period, and ${f.violations === null ? 'many' : n(f.violations)} violations committed against them.` +
      (f.returns !== null ? ` ${n(f.returns)} forced returns to the DPRK are recorded.` : ''),
    f.estimate
      ? `Documented cases are a floor, not a count. From the overlap between ${f.lists} organisations' lists, we estimate that about ${n(f.estimate.estimate)} women crossed in the period (95% interval ${n(f.estimate.lower)} to ${f.estimate.upper === null ? 'an unbounded number' : n(f.estimate.upper)}).`
      : 'The lists do not overlap enough to estimate how many women were never documented.',
    `Documentation collapsed while the border was sealed (2020–2022): what was not recorded in those years is not evidence that the violations stopped.`,
    f.business
      ? `The sales recorded in testimonies, scaled to the estimated number of women, amount to about ${usd(f.business.usd, n)} a year (95% interval ${usd(f.business.lower, n)} to ${f.business.upper === null ? 'unbounded' : usd(f.business.upper, n)}). The often-repeated figure of USD 105 million a year is ${f.business.inside ? 'within' : 'outside'} this interval.`
      : 'The revenue from sales could not be estimated from the data available.',
  ],
  methods: (f, n) => [
    {
      heading: 'Recording',
      text: 'Each testimony is recorded as a case: the woman, the chain of events (crossing, each sale, exploitation, arrest, forced return, detention), each violation, its perpetrators and the source, following the HURIDOCS Events Standard Formats with IOM/CTDC fields. Identifying details are encrypted and never leave the organisation that holds them.',
    },
    {
      heading: 'Consent',
      text: `Only records whose consent covers this purpose are counted (${n(f.withoutConsent)} records were left out for lack of it).`,
    },
    {
      heading: 'Linkage',
      text:
        f.linkage === 'fellegi-sunter'
          ? `The same woman is often interviewed by several organisations. Records were linked across lists by probabilistic record linkage (Fellegi–Sunter, with Korean-aware name comparison), giving ${n(f.persons)} distinct people.` +
            (f.linkageRun
              ? ` The links are those of the store’s linkage run ${f.linkageRun.id} of ${f.linkageRun.date} (${f.linkageRun.threshold === null ? 'match threshold not available' : `match threshold ${p(f.linkageRun.threshold)}`}), over the lists of ${f.linkageRun.organisations} organisation${f.linkageRun.organisations === 1 ? '' : 's'}.` +
                (f.linkageRun.unlinkedOrganisations
                  ? ` The lists of ${f.linkageRun.unlinkedOrganisations} other organisation${f.linkageRun.unlinkedOrganisations === 1 ? '' : 's'} in this report were not part of that run: each of their records counts as one person.`
                  : '')
              : '')
          : f.linkage === 'truth'
            ? `Records were linked with the known identity of the synthetic population (${n(f.persons)} distinct people), to separate estimation error from linkage error.`
            : f.linkageRun === null
              ? `No record linkage run exists in the store for these lists yet: records were not linked across lists, and each counts as one person (${n(f.persons)}).`
              : `Records were not linked across lists; each record counts as one person (${n(f.persons)}).`,
    },
    {
      heading: 'Estimation',
      text: `How many women nobody documented is estimated by multiple systems estimation from which lists each person is on: the latent-class model of Manrique-Vallier (LCMCR)${f.lcmcr ? ` (${n(f.lcmcr.burnin)} burn-in iterations, ${n(f.lcmcr.samples)} draws, thinning ${f.lcmcr.thinning})` : ''} and hierarchical log-linear models chosen by BIC, each with a 95% interval. The method used is the one whose checks pass (seed ${f.seed}).`,
    },
    {
      heading: 'Disclosure control',
      text: f.noise
        ? `Instead of hiding small numbers, random noise was added to every count in the tables (differential privacy: ${f.noise.kind === 'laplace' ? 'Laplace' : 'Gaussian'} mechanism, ${privacy(f)} for the whole release, split evenly over its ${f.noise.tables} tables, ε = ${p(f.noise.perTableEpsilon)} each). One person counts at most once among the women and at most ${f.noise.maxPerPerson} times among violations, perpetrator roles, forced returns and sales (any more of hers are left out); the noise is calibrated to that. The release was charged to the privacy budget of dataset ${f.noise.dataset} (${f.noise.ledger === 'store' ? 'the store’s ledger, which refuses any release past the budget' : 'a ledger for this run only'}). Numbers outside the tables (records without consent, people after linkage), the estimates and the business estimate are computed from the exact records and are not covered by this guarantee. Places are shown no finer than a province and dates no finer than a year.`
        : `No group of fewer than ${f.k} people is published. Further cells are hidden until an attacker who combines every published total and table by linear programming cannot narrow any hidden number to within ${f.protection} of its value, nor rule out that it is ${f.k} or more. Places are shown no finer than a province and dates no finer than a year.`,
    },
  ],
  documented: (f, n) => [
    `The tables below count what was documented: women by the year they crossed, violations by type and year, and where they happened. A violation told to two organisations is counted once.` +
      (f.victims !== null ? ` ${n(f.victims)} women crossed in the period.` : ''),
  ],
  estimates: (f, n) => [
    f.estimate
      ? `Estimated number of women who crossed in ${f.from}–${f.to}: ${n(f.estimate.estimate)} (95% interval ${n(f.estimate.lower)}–${f.estimate.upper === null ? '∞' : n(f.estimate.upper)}), by ${f.estimate.method === 'lcmcr' ? 'the latent-class model' : `the log-linear model ${f.estimate.model}`}.`
      : 'No usable estimate for the whole period.',
    'Year by year, estimates rest on far fewer people and their intervals are wide; years without an estimate are years where the lists barely overlap.',
  ],
  blackHole: (f, n) => [
    `From 2020 to 2022 China and the DPRK sealed the border. Arrivals in South Korea fell from 1,047 in 2019 to 229, 63 and 67 (Ministry of Unification), and with them the testimonies on which documentation depends.` +
      (f.blackHole.before !== null && f.blackHole.during !== null
        ? ` Documented crossings fell from ${n(f.blackHole.before)} in the ${f.blackHole.yearsBefore} years before to ${n(f.blackHole.during)} in 2020–2022.`
        : ''),
    'The shaded years in the figure are not a fall in trafficking: they are a fall in what could be seen. Estimates for them are either missing or very uncertain, and they should be read as an information black hole.',
  ],
  maps: [
    'Where violations in China happened, in the three north-eastern provinces that form the "Red Zone" (Liaoning, Jilin, Heilongjiang), and where the women came from in the DPRK. Hatched provinces have counts that are not shown.',
  ],
  repatriation: (f, n) => [
    (f.returns !== null ? `${n(f.returns)} forced returns are recorded in the period. ` : '') +
      'After return, women are interrogated by the Ministry of State Security, detained (often without trial), and many are tortured, including invasive strip and cavity searches. The table shows, for each year, the worst that is recorded to have followed each return.',
    'China is party to the Refugee Convention (art. 33) and to the Convention against Torture (art. 3), which forbid returning a person to a state where there are substantial grounds to believe she would be in danger of torture.',
  ],
  legal: [
    'Each violation is classified by the law it may prove and the elements that must be shown. Every crime against humanity under article 7 of the Rome Statute also needs the context element: a widespread or systematic attack on a civilian population, with knowledge of the attack.',
  ],
  business: (f, n) =>
    f.business
      ? [
          `Revenue to those who sold the women is estimated from the prices recorded in testimonies (in yuan), the number of sales of each kind per documented woman, and the estimated number of women: about ${usd(f.business.usd, n)} a year (95% bootstrap interval ${usd(f.business.lower, n)} to ${f.business.upper === null ? 'unbounded' : usd(f.business.upper, n)}, ${n(f.business.replicates)} replicates), or about CNY ${n(Math.round(f.business.revenuePerWoman))} per woman.`,
          `The figure of USD 105 million a year (Korea Future Initiative 2019, repeated since) has no published derivation. It is ${n(Math.round(f.business.ratio * 10) / 10)} times our estimate${f.business.inside ? ', and within its interval' : ', and outside its interval'}. At the revenue per woman recorded here, it would require about ${n(Math.round(f.business.womenImplied))} women to be sold each year, against about ${n(Math.round(f.business.womenEstimated))} estimated. It may include what is earned from women after their sale (prostitution, cybersex), which sale prices do not measure.`,
        ]
      : [],
  businessUnavailable: (r) => `The revenue could not be estimated: ${r}`,
  businessAssumptions: (f, n) => [
    'A1. Women nobody documented were sold as often, and at the same prices, as documented women.',
    'A2. Each woman’s sales are taken from her fullest account; sales nobody told of are missing.',
    'A3. A sale without a recorded price is valued at the mean recorded price of its kind.',
    `A4. Prices are in yuan as recorded, not adjusted for inflation, converted at ${f.business ? n(f.business.cnyPerUsd) : '6.9'} yuan per US dollar (an assumption; the rate moved between about 6.1 and 7.3 in 2015–2024).`,
    'A5. Revenue counts sale prices only, not earnings from exploitation after the sale.',
    'A6. The estimated number of women carries the assumptions of the estimation model (section 4); its uncertainty is carried into the interval.',
  ],
  limitations: (f) => [
    'Lists capture women unequally: those who reached South Korea are far more often interviewed than those still in China, returned, or dead. Multiple systems estimation corrects for unequal capture only as far as the lists reveal it; women whom no list could reach are not counted, so estimates are likely to be too low.',
    'Linkage errors (two women taken for one, or one woman split in two) bias estimates; the linkage step is reviewed by analysts.',
    'Records without consent for this purpose are left out and look to the estimator like women nobody documented.',
    f.noise
      ? 'Noise changes small numbers most: a cell about a few people may show 0, or more people than there are, so the smallest numbers should be read as uncertain. Totals of different tables may differ slightly.'
      : `Suppression hides small numbers (fewer than ${f.k}) and some larger ones; totals remain correct, but detail is lost where documentation is thin.`,
    'Testimonies recall prices and dates years later; years and provinces are as precise as the source allows.',
  ],
  figures: {
    timeline: 'Women who crossed each year: documented and estimated',
    timelineDesc:
      'Bars: documented (hatched: not shown). Dots and lines: estimate and 95% interval. Shaded: 2020–2022.',
    violations: 'Violations documented in the period, by type',
    redZone: 'Violations in the Red Zone provinces of China',
    dprk: 'Women documented, by province of origin in the DPRK',
    returns: 'Forced returns by year',
    afterReturn: 'What followed forced return (worst recorded)',
    posterior: 'Posterior distribution of the number of women (latent-class model)',
    perpetrators: 'Perpetrators named, by type',
  },
  labels: {
    year: 'Year',
    total: 'Total',
    documented: 'documented',
    estimated: 'estimated (95% interval)',
    interval: '95% interval',
    unbounded: 'unbounded',
    hidden: 'not shown',
    zero: 'none',
    median: 'median',
    blackHole: '2020–2022',
    violation: 'Violation',
    count: 'Documented',
    elements: 'Elements to prove',
    frameworks: 'Law',
    cah: 'Crime against humanity',
    yes: 'yes',
    no: 'no',
    kind: 'Kind of sale',
    sales: 'Sales',
    meanPrice: 'Mean price (CNY)',
    perYear: 'Revenue per year (CNY)',
    ageBand: 'Age when crossing',
    homeProvince: 'Province of origin',
    region: 'Where',
    outcome: 'After return',
    detainedInChina: 'Arrested or detained in China first',
    perpetrator: 'Perpetrator',
    role: 'Role',
    priceBand: 'Price (CNY)',
    notShownSmall: 'not shown (too few)',
  },
  region: {
    'cn-ln': 'Liaoning',
    'cn-jl': 'Jilin',
    'cn-hl': 'Heilongjiang',
    redzone: 'Red Zone (3 provinces)',
    'cn-other': 'Elsewhere in China',
    cn: 'China',
    kp: 'DPRK',
    elsewhere: 'Other countries',
    unknown: 'Unknown',
  },
  afterReturn: {
    death: 'Death or execution',
    disappearance: 'Enforced disappearance',
    torture: 'Torture',
    detention: 'Detention',
    interrogation: 'Interrogation',
    none_recorded: 'Nothing recorded',
  },
  priceBand: {
    lt3000: 'under 3,000',
    '3000-5999': '3,000–5,999',
    '6000-9999': '6,000–9,999',
    ge10000: '10,000 and more',
    unknown: 'not recorded',
  },
  unknown: 'Unknown',
};

const ko: ReportText = {
  locale: 'ko-KR',
  title: '중국 내 북한 여성·소녀 인신매매',
  subtitle: (f) => `유엔 제출 보고서: 기록된 침해와 추정치, ${f.from}–${f.to}년`,
  generated: (d) => `${d} 자유(Jayu)로 작성`,
  syntheticNotice:
    '이 보고서는 시험용으로 생성한 합성 인구로 작성되었습니다. 어떤 숫자도 실제 사람을 나타내지 않습니다.',
  hiddenMark: 'x',
  hiddenNote: (f) =>
    f.noise
      ? '모든 숫자에 무작위 잡음을 더했습니다(차등 프라이버시). 숨긴 칸은 없습니다. 합계는 잡음이 더해진 부분의 합이므로 같은 합계라도 표마다 조금 다를 수 있습니다.'
      : `x: 공개하지 않음. ${f.k}명 미만의 집단은 공개하지 않으며, 합계나 다른 표로부터 숨긴 숫자를 계산해 낼 수 없도록 추가로 일부 칸을 숨겼습니다.` +
        (f.roundTo
          ? ` 공개한 숫자는 ${f.roundTo} 단위로 반올림했으므로 합계가 각 항목의 합과 다를 수 있습니다.`
          : ''),
  sections: {
    summary: '1. 요약',
    methods: '2. 방법',
    documented: '3. 기록된 사례',
    estimates: '4. 불확실성을 포함한 추정치',
    blackHole: '5. 2020–2022년의 정보 공백',
    maps: '6. 지도: 레드존과 출신 지역',
    repatriation: '7. 강제송환과 구금',
    legal: '8. 침해의 법적 분류',
    business: '9. 인신매매 수익: 매매 대금',
    limitations: '10. 한계',
    annex: '부록: 표',
  },
  summary: (f, n) => [
    `${f.from}년부터 ${f.to}년까지 이 보고서에 참여한 단체들은 그 기간에 중국으로 넘어간 북한 여성과 소녀 ${f.victims === null ? '다수' : `${n(f.victims)}명`}, 그리고 이들에게 가해진 침해 ${f.violations === null ? '다수' : `${n(f.violations)}건`}을 기록했습니다.` +
      (f.returns !== null ? ` 북한으로의 강제송환은 ${n(f.returns)}건이 기록되었습니다.` : ''),
    f.estimate
      ? `기록된 사례는 전체 수가 아니라 최소치입니다. ${f.lists}개 단체 명단 사이의 중복으로부터, 이 기간에 약 ${n(f.estimate.estimate)}명의 여성이 국경을 넘은 것으로 추정합니다(95% 구간 ${n(f.estimate.lower)}–${f.estimate.upper === null ? '상한 없음' : n(f.estimate.upper)}).`
      : '명단 사이의 중복이 충분하지 않아 기록되지 않은 여성의 수를 추정할 수 없습니다.',
    '국경이 봉쇄된 2020–2022년에는 기록 자체가 무너졌습니다. 그 기간에 기록이 없다는 것은 침해가 멈췄다는 증거가 아닙니다.',
    f.business
      ? `증언에 기록된 매매 대금을 추정된 여성 수에 맞추어 환산하면 연간 약 ${usd(f.business.usd, n)}입니다(95% 구간 ${usd(f.business.lower, n)}–${f.business.upper === null ? '상한 없음' : usd(f.business.upper, n)}). 자주 인용되는 연간 1억 500만 달러는 이 구간 ${f.business.inside ? '안에' : '밖에'} 있습니다.`
      : '매매 수익은 현재 자료로 추정할 수 없습니다.',
  ],
  methods: (f, n) => [
    {
      heading: '기록',
      text: '각 증언은 하나의 사례로 기록됩니다: 피해 여성, 사건의 연쇄(국경 이탈, 각각의 매매, 착취, 체포, 강제송환, 구금), 각 침해, 가해자, 출처. HURIDOCS 사건 표준 형식과 IOM/CTDC 항목을 따릅니다. 신원을 드러내는 정보는 암호화되며 이를 보유한 단체 밖으로 나가지 않습니다.',
    },
    {
      heading: '동의',
      text: `이 목적에 대한 동의가 있는 기록만 집계했습니다(동의가 없어 제외한 기록 ${n(f.withoutConsent)}건).`,
    },
    {
      heading: '연계',
      text:
        f.linkage === 'fellegi-sunter'
          ? `같은 여성이 여러 단체와 면담하는 경우가 많습니다. 명단 사이의 기록은 확률적 기록 연계(Fellegi–Sunter, 한국어 이름 비교)로 연결했으며, 그 결과 서로 다른 사람은 ${n(f.persons)}명입니다.` +
            (f.linkageRun
              ? ` 연계 결과는 저장소의 연계 실행 ${f.linkageRun.id}(${f.linkageRun.date}, ${f.linkageRun.threshold === null ? '일치 임계값 정보 없음' : `일치 임계값 ${p(f.linkageRun.threshold)}`})의 것으로, ${f.linkageRun.organisations}개 단체의 명단을 대상으로 했습니다.` +
                (f.linkageRun.unlinkedOrganisations
                  ? ` 이 보고서에 포함된 다른 단체 ${f.linkageRun.unlinkedOrganisations}곳의 명단은 그 실행에 포함되지 않았으므로 그 기록은 하나를 한 사람으로 셉니다.`
                  : '')
              : '')
          : f.linkage === 'truth'
            ? `추정 오차와 연계 오차를 구분하기 위해, 합성 인구의 실제 신원으로 기록을 연결했습니다(서로 다른 사람 ${n(f.persons)}명).`
            : f.linkageRun === null
              ? `저장소에 이 명단들에 대한 기록 연계 실행이 아직 없습니다. 명단 사이의 기록을 연결하지 않았으며 기록 하나를 한 사람으로 셉니다(${n(f.persons)}명).`
              : `명단 사이의 기록을 연결하지 않았으며 기록 하나를 한 사람으로 셉니다(${n(f.persons)}명).`,
    },
    {
      heading: '추정',
      text: `아무도 기록하지 못한 여성의 수는 각 사람이 어느 명단에 있는지로부터 다중체계추정(MSE)으로 추정합니다: Manrique-Vallier의 잠재계층 모형(LCMCR)${f.lcmcr ? `(번인 ${n(f.lcmcr.burnin)}회, 표본 ${n(f.lcmcr.samples)}개, 솎음 ${f.lcmcr.thinning})` : ''}과 BIC로 고른 계층적 로그선형 모형이며, 각각 95% 구간을 제시합니다. 점검을 통과한 방법의 결과를 사용합니다(시드 ${f.seed}).`,
    },
    {
      heading: '공개 통제',
      text: f.noise
        ? `작은 숫자를 숨기는 대신 표의 모든 숫자에 무작위 잡음을 더했습니다(차등 프라이버시: ${f.noise.kind === 'laplace' ? '라플라스' : '가우스'} 메커니즘, 공개 전체에 ${privacy(f)}, ${f.noise.tables}개 표에 균등 배분하여 표마다 ε = ${p(f.noise.perTableEpsilon)}). 한 사람은 피해 여성 가운데 최대 한 번, 인권침해·가해자 역할·강제송환·매매 가운데 각각 최대 ${f.noise.maxPerPerson}번까지만 집계되며(그 이상은 제외), 잡음은 이에 맞추어 보정했습니다. 이 공개는 데이터셋 ${f.noise.dataset}의 프라이버시 예산에서 차감했습니다(${f.noise.ledger === 'store' ? '예산을 넘는 공개를 거부하는 저장소의 원장' : '이번 실행에만 쓰인 원장'}). 표 밖의 숫자(동의가 없어 제외한 기록 수, 연계 후 인원), 추정치와 매매 수익 추정은 정확한 기록으로 계산하며 이 보장에 포함되지 않습니다. 장소는 성(省)·도 단위보다, 날짜는 연도보다 자세히 공개하지 않습니다.`
        : `${f.k}명 미만의 집단은 공개하지 않습니다. 공개된 모든 합계와 표를 선형계획법으로 결합하는 공격자도 숨긴 숫자를 실제 값의 ±${f.protection} 이내로 좁히거나 ${f.k} 이상일 가능성을 배제할 수 없을 때까지 추가로 칸을 숨깁니다. 장소는 성(省)·도 단위보다, 날짜는 연도보다 자세히 공개하지 않습니다.`,
    },
  ],
  documented: (f, n) => [
    '아래 표는 기록된 내용을 셉니다: 국경을 넘은 연도별 여성, 유형·연도별 침해, 그리고 발생 장소. 두 단체에 진술된 같은 침해는 한 번만 셉니다.' +
      (f.victims !== null ? ` 이 기간에 국경을 넘은 여성은 ${n(f.victims)}명입니다.` : ''),
  ],
  estimates: (f, n) => [
    f.estimate
      ? `${f.from}–${f.to}년에 국경을 넘은 여성의 추정 수: ${n(f.estimate.estimate)}명(95% 구간 ${n(f.estimate.lower)}–${f.estimate.upper === null ? '∞' : n(f.estimate.upper)}), ${f.estimate.method === 'lcmcr' ? '잠재계층 모형' : `로그선형 모형 ${f.estimate.model}`}에 따름.`
      : '전체 기간에 대해 사용할 수 있는 추정치가 없습니다.',
    '연도별 추정은 훨씬 적은 사람에 근거하므로 구간이 넓습니다. 추정치가 없는 해는 명단들이 거의 겹치지 않는 해입니다.',
  ],
  blackHole: (f, n) => [
    '2020년부터 2022년까지 중국과 북한은 국경을 봉쇄했습니다. 한국 입국자는 2019년 1,047명에서 229명, 63명, 67명으로 줄었고(통일부), 기록의 바탕인 증언도 함께 줄었습니다.' +
      (f.blackHole.before !== null && f.blackHole.during !== null
        ? ` 기록된 국경 이탈은 직전 ${f.blackHole.yearsBefore}년간 ${n(f.blackHole.before)}명에서 2020–2022년 ${n(f.blackHole.during)}명으로 줄었습니다.`
        : ''),
    '그림에서 음영 처리한 해는 인신매매가 줄어든 것이 아니라 볼 수 있는 것이 줄어든 것입니다. 이 해들의 추정치는 없거나 매우 불확실하며, 정보의 블랙홀로 읽어야 합니다.',
  ],
  maps: [
    '중국 안에서 침해가 일어난 곳(레드존을 이루는 동북 3성: 랴오닝, 지린, 헤이룽장)과 여성들의 북한 출신 지역입니다. 빗금 친 지역은 숫자를 공개하지 않습니다.',
  ],
  repatriation: (f, n) => [
    (f.returns !== null ? `이 기간에 강제송환 ${n(f.returns)}건이 기록되었습니다. ` : '') +
      '송환된 여성들은 국가보위성의 조사를 받고(흔히 재판 없이) 구금되며, 많은 이들이 강제 알몸 수색과 체강 검사를 포함한 고문을 당합니다. 표는 연도별로 각 송환 뒤에 일어난 것으로 기록된 가장 심각한 일을 보여 줍니다.',
    '중국은 난민협약(제33조)과 고문방지협약(제3조)의 당사국이며, 두 협약은 고문의 위험이 있다고 믿을 상당한 근거가 있는 국가로 사람을 돌려보내는 것을 금지합니다.',
  ],
  legal: [
    '각 침해는 그것이 입증할 수 있는 법과 입증해야 할 요소로 분류합니다. 로마규정 제7조의 모든 인도에 반한 죄에는 민간인 주민에 대한 광범위하거나 체계적인 공격과 그에 대한 인식이라는 배경 요소도 필요합니다.',
  ],
  business: (f, n) =>
    f.business
      ? [
          `여성들을 판 자들의 수익은 증언에 기록된 가격(위안), 기록된 여성 1인당 유형별 매매 횟수, 추정된 여성 수로부터 추정합니다: 연간 약 ${usd(f.business.usd, n)}(95% 부트스트랩 구간 ${usd(f.business.lower, n)}–${f.business.upper === null ? '상한 없음' : usd(f.business.upper, n)}, 반복 ${n(f.business.replicates)}회), 여성 1인당 약 ${n(Math.round(f.business.revenuePerWoman))}위안입니다.`,
          `연간 1억 500만 달러라는 수치(Korea Future Initiative 2019, 이후 반복 인용)는 산출 근거가 공개된 적이 없습니다. 이는 우리 추정치의 ${n(Math.round(f.business.ratio * 10) / 10)}배이며 구간 ${f.business.inside ? '안에' : '밖에'} 있습니다. 여기 기록된 1인당 수익으로는 해마다 약 ${n(Math.round(f.business.womenImplied))}명이 팔려야 그 수치가 되지만, 추정된 수는 연간 약 ${n(Math.round(f.business.womenEstimated))}명입니다. 그 수치는 매매 뒤 착취(성매매, 화상 성착취)로 얻는 수익을 포함할 수 있으며, 매매 대금은 이를 측정하지 않습니다.`,
        ]
      : [],
  businessUnavailable: (r) => `수익을 추정할 수 없습니다: ${r}`,
  businessAssumptions: (f, n) => [
    'A1. 아무도 기록하지 못한 여성들도 기록된 여성들과 같은 횟수로, 같은 가격에 팔렸다고 가정합니다.',
    'A2. 각 여성의 매매는 가장 자세한 진술에서 가져옵니다. 아무도 진술하지 않은 매매는 빠져 있습니다.',
    'A3. 가격이 기록되지 않은 매매는 같은 유형의 기록된 평균 가격으로 계산합니다.',
    `A4. 가격은 기록된 위안화 그대로이며 물가 상승을 반영하지 않았고, 1달러당 ${f.business ? n(f.business.cnyPerUsd) : '6.9'}위안으로 환산했습니다(가정; 2015–2024년 환율은 약 6.1–7.3 사이에서 움직였습니다).`,
    'A5. 수익은 매매 대금만 셉니다. 매매 뒤 착취로 얻는 수익은 포함하지 않습니다.',
    'A6. 추정된 여성 수에는 추정 모형의 가정(4절)이 따르며, 그 불확실성은 구간에 반영되어 있습니다.',
  ],
  limitations: (f) => [
    '명단들은 여성들을 고르게 포착하지 못합니다. 한국에 도착한 여성은 중국에 남은 여성, 송환된 여성, 사망한 여성보다 훨씬 자주 면담됩니다. 다중체계추정은 명단이 드러내는 만큼만 불균등한 포착을 보정하므로, 어떤 명단도 닿을 수 없었던 여성은 세어지지 않으며 추정치는 실제보다 낮을 가능성이 큽니다.',
    '연계 오류(두 여성을 한 사람으로, 또는 한 여성을 두 사람으로 보는 것)는 추정치를 치우치게 합니다. 연계 단계는 분석가가 검토합니다.',
    '이 목적에 대한 동의가 없는 기록은 제외되며, 추정 모형에는 아무도 기록하지 못한 여성처럼 보입니다.',
    f.noise
      ? '잡음은 작은 숫자를 가장 크게 바꿉니다. 몇 명뿐인 칸이 0으로 보이거나 실제보다 많게 보일 수 있으므로 가장 작은 숫자는 불확실한 것으로 읽어야 합니다. 서로 다른 표의 합계가 조금 다를 수 있습니다.'
      : `공개 통제는 작은 숫자(${f.k} 미만)와 일부 큰 숫자를 숨깁니다. 합계는 정확하지만 기록이 적은 곳에서는 세부 정보가 사라집니다.`,
    '증언은 가격과 날짜를 몇 년 뒤에 기억해 낸 것입니다. 연도와 지역은 출처가 허용하는 만큼만 정확합니다.',
  ],
  figures: {
    timeline: '연도별 국경을 넘은 여성: 기록된 수와 추정치',
    timelineDesc:
      '막대: 기록된 수(빗금: 공개하지 않음). 점과 선: 추정치와 95% 구간. 음영: 2020–2022년.',
    violations: '기간 중 기록된 침해, 유형별',
    redZone: '중국 레드존 3성의 침해',
    dprk: '기록된 여성, 북한 출신 도별',
    returns: '연도별 강제송환',
    afterReturn: '강제송환 뒤에 일어난 일(기록된 가장 심각한 일)',
    posterior: '여성 수의 사후분포(잠재계층 모형)',
    perpetrators: '지목된 가해자, 유형별',
  },
  labels: {
    year: '연도',
    total: '합계',
    documented: '기록',
    estimated: '추정(95% 구간)',
    interval: '95% 구간',
    unbounded: '상한 없음',
    hidden: '공개하지 않음',
    zero: '없음',
    median: '중앙값',
    blackHole: '2020–2022년',
    violation: '침해',
    count: '기록 건수',
    elements: '입증 요소',
    frameworks: '법',
    cah: '인도에 반한 죄',
    yes: '예',
    no: '아니오',
    kind: '매매 유형',
    sales: '매매 건수',
    meanPrice: '평균 가격(위안)',
    perYear: '연간 수익(위안)',
    ageBand: '국경을 넘을 때 나이',
    homeProvince: '출신 도',
    region: '장소',
    outcome: '송환 뒤',
    detainedInChina: '중국에서 먼저 체포·구금됨',
    perpetrator: '가해자',
    role: '역할',
    priceBand: '가격(위안)',
    notShownSmall: '공개하지 않음(너무 적음)',
  },
  region: {
    'cn-ln': '랴오닝',
    'cn-jl': '지린',
    'cn-hl': '헤이룽장',
    redzone: '레드존(3성)',
    'cn-other': '중국의 다른 지역',
    cn: '중국',
    kp: '북한',
    elsewhere: '다른 나라',
    unknown: '알 수 없음',
  },
  afterReturn: {
    death: '사망 또는 처형',
    disappearance: '강제실종',
    torture: '고문',
    detention: '구금',
    interrogation: '조사',
    none_recorded: '기록 없음',
  },
  priceBand: {
    lt3000: '3,000 미만',
    '3000-5999': '3,000–5,999',
    '6000-9999': '6,000–9,999',
    ge10000: '10,000 이상',
    unknown: '기록 없음',
  },
  unknown: '알 수 없음',
};

const zh: ReportText = {
  locale: 'zh-CN',
  title: '在华朝鲜妇女和女童遭受的人口贩运',
  subtitle: (f) => `提交联合国：已记录和估计的侵害，${f.from}–${f.to}年`,
  generated: (d) => `${d} 用 Jayu 编制`,
  syntheticNotice: '本报告基于为测试而生成的合成人口编制。其中任何数字都不代表真实的人。',
  hiddenMark: 'x',
  hiddenNote: (f) =>
    f.noise
      ? '每个数字都加入了随机噪声（差分隐私），没有隐藏的单元格。合计是加噪后各部分之和，因此同一合计在不同表格中可能略有差异。'
      : `x：不公布。少于${f.k}人的群体一律不公布；另有部分单元格被隐藏，使任何隐藏的数字都无法从合计或其他表格中推算出来。` +
        (f.roundTo ? `公布的数字已按${f.roundTo}取整，合计可能与各项之和不同。` : ''),
  sections: {
    summary: '1. 摘要',
    methods: '2. 方法',
    documented: '3. 已记录的案例',
    estimates: '4. 含不确定性的估计',
    blackHole: '5. 2020–2022年的信息黑洞',
    maps: '6. 地图：“红色地带”与原籍省份',
    repatriation: '7. 强制遣返与拘押',
    legal: '8. 侵害行为的法律定性',
    business: '9. 贩运生意：买卖所得',
    limitations: '10. 局限',
    annex: '附件：表格',
  },
  summary: (f, n) => [
    `${f.from}年至${f.to}年间，参与本报告的组织记录了在此期间越境进入中国的朝鲜妇女和女童${f.victims === null ? '多人' : `${n(f.victims)}人`}，以及针对她们的侵害${f.violations === null ? '多起' : `${n(f.violations)}起`}。` +
      (f.returns !== null ? `记录在案的强制遣返回朝鲜共${n(f.returns)}起。` : ''),
    f.estimate
      ? `已记录的案例只是下限，而非总数。根据${f.lists}个组织名单之间的重叠，我们估计此期间约有${n(f.estimate.estimate)}名妇女越境（95%区间${n(f.estimate.lower)}至${f.estimate.upper === null ? '无上限' : n(f.estimate.upper)}）。`
      : '各名单之间的重叠不足，无法估计从未被记录的妇女人数。',
    '边境封闭期间（2020–2022年）记录工作几近停顿：这几年没有记录，并不证明侵害已经停止。',
    f.business
      ? `按证词中记录的买卖价格并按估计的妇女人数推算，每年约为${usd(f.business.usd, n)}（95%区间${usd(f.business.lower, n)}至${f.business.upper === null ? '无上限' : usd(f.business.upper, n)}）。常被引用的每年1.05亿美元${f.business.inside ? '在' : '不在'}此区间之内。`
      : '现有数据无法估计买卖所得。',
  ],
  methods: (f, n) => [
    {
      heading: '记录',
      text: '每份证词记录为一个案例：受害妇女、事件链（越境、每一次被卖、剥削、被捕、强制遣返、拘押）、每项侵害、加害者及信息来源，遵循HURIDOCS事件标准格式及IOM/CTDC字段。可识别身份的信息经过加密，不离开保存它的组织。',
    },
    {
      heading: '同意',
      text: `只统计同意范围涵盖本用途的记录（因缺乏同意而排除的记录${n(f.withoutConsent)}条）。`,
    },
    {
      heading: '关联',
      text:
        f.linkage === 'fellegi-sunter'
          ? `同一名妇女常接受多个组织的访谈。各名单的记录通过概率记录关联（Fellegi–Sunter，含朝鲜语姓名比较）相互关联，得出${n(f.persons)}名不同的人。` +
            (f.linkageRun
              ? `关联结果来自存储库的关联运行${f.linkageRun.id}（${f.linkageRun.date}，${f.linkageRun.threshold === null ? '匹配阈值不详' : `匹配阈值${p(f.linkageRun.threshold)}`}），涵盖${f.linkageRun.organisations}个组织的名单。` +
                (f.linkageRun.unlinkedOrganisations
                  ? `本报告中另有${f.linkageRun.unlinkedOrganisations}个组织的名单不在该次运行中，其每条记录计为一人。`
                  : '')
              : '')
          : f.linkage === 'truth'
            ? `为区分估计误差与关联误差，按合成人口的真实身份关联记录（不同的人${n(f.persons)}名）。`
            : f.linkageRun === null
              ? `存储库中尚无针对这些名单的记录关联运行：未在名单之间关联记录，每条记录计为一人（${n(f.persons)}人）。`
              : `未在名单之间关联记录；每条记录计为一人（${n(f.persons)}人）。`,
    },
    {
      heading: '估计',
      text: `无人记录的妇女人数由多系统估计（MSE）根据每人出现在哪些名单上推算：Manrique-Vallier的潜在类别模型（LCMCR）${f.lcmcr ? `（预烧${n(f.lcmcr.burnin)}次，抽样${n(f.lcmcr.samples)}个，间隔${f.lcmcr.thinning}）` : ''}以及按BIC选取的层次对数线性模型，均给出95%区间。采用通过检验的方法的结果（种子${f.seed}）。`,
    },
    {
      heading: '披露控制',
      text: f.noise
        ? `本报告不隐藏小数字，而是在各表的每个数字中加入随机噪声（差分隐私：${f.noise.kind === 'laplace' ? '拉普拉斯' : '高斯'}机制，整个发布${privacy(f)}，平均分配给${f.noise.tables}个表格，每表ε = ${p(f.noise.perTableEpsilon)}）。每人在受害妇女中最多计一次，在侵害行为、加害者角色、强制遣返和买卖中各最多计${f.noise.maxPerPerson}次（超出部分不计），噪声据此校准。本次发布已从数据集${f.noise.dataset}的隐私预算中扣除（${f.noise.ledger === 'store' ? '存储库的账本，超出预算的发布一律拒绝' : '仅用于本次运行的账本'}）。表格以外的数字（因缺乏同意而排除的记录数、关联后的人数）、估计值和买卖收入估计均基于精确记录计算，不在此保障范围内。地点最细只到省，日期最细只到年。`
        : `少于${f.k}人的群体一律不公布。另行隐藏部分单元格，直到一个用线性规划综合所有公布的合计和表格的攻击者，既无法把任何隐藏数字缩小到其真实值±${f.protection}以内，也无法排除它达到${f.k}或以上。地点最细只到省，日期最细只到年。`,
    },
  ],
  documented: (f, n) => [
    '下列表格统计已记录的内容：按越境年份统计的妇女、按类型和年份统计的侵害，以及发生地点。向两个组织讲述的同一侵害只计一次。' +
      (f.victims !== null ? `此期间越境的妇女为${n(f.victims)}人。` : ''),
  ],
  estimates: (f, n) => [
    f.estimate
      ? `${f.from}–${f.to}年越境妇女的估计人数：${n(f.estimate.estimate)}（95%区间${n(f.estimate.lower)}–${f.estimate.upper === null ? '∞' : n(f.estimate.upper)}），依据${f.estimate.method === 'lcmcr' ? '潜在类别模型' : `对数线性模型${f.estimate.model}`}。`
      : '整个期间没有可用的估计。',
    '逐年估计所依据的人数少得多，区间很宽；没有估计值的年份是名单几乎没有重叠的年份。',
  ],
  blackHole: (f, n) => [
    '2020年至2022年，中国和朝鲜封闭了边境。抵达韩国的人数从2019年的1,047人降至229人、63人和67人（统一部），记录所依赖的证词也随之减少。' +
      (f.blackHole.before !== null && f.blackHole.during !== null
        ? `已记录的越境人数从此前${f.blackHole.yearsBefore}年的${n(f.blackHole.before)}人降至2020–2022年的${n(f.blackHole.during)}人。`
        : ''),
    '图中阴影部分的年份并不是贩运减少，而是能看到的减少了。这些年份的估计要么缺失，要么极不确定，应视为信息黑洞。',
  ],
  maps: [
    '侵害在中国发生的地点（构成“红色地带”的东北三省：辽宁、吉林、黑龙江），以及妇女在朝鲜的原籍地区。画斜线的省份的数字不公布。',
  ],
  repatriation: (f, n) => [
    (f.returns !== null ? `此期间记录了${n(f.returns)}起强制遣返。` : '') +
      '被遣返的妇女受到国家保卫省审讯，往往未经审判即被拘押，许多人遭受酷刑，包括强制脱衣搜查和体腔检查。表格按年份列出每次遣返之后记录到的最严重遭遇。',
    '中国是《难民公约》（第33条）和《禁止酷刑公约》（第3条）的缔约国，两者都禁止将人送回有充分理由相信其会遭受酷刑危险的国家。',
  ],
  legal: [
    '每项侵害按其可能证明的法律及必须证明的要件分类。《罗马规约》第七条规定的每一项危害人类罪，还需具备背景要件：针对平民人口的广泛或有系统的攻击，且明知这一攻击。',
  ],
  business: (f, n) =>
    f.business
      ? [
          `卖出这些妇女的人所得，根据证词中记录的价格（人民币）、每名已记录妇女各类被卖的次数以及估计的妇女人数推算：每年约${usd(f.business.usd, n)}（95%自助法区间${usd(f.business.lower, n)}至${f.business.upper === null ? '无上限' : usd(f.business.upper, n)}，重复${n(f.business.replicates)}次），即每名妇女约${n(Math.round(f.business.revenuePerWoman))}元。`,
          `每年1.05亿美元这一数字（Korea Future Initiative 2019年提出，此后屡被引用）从未公布推算依据。它是我们估计的${n(Math.round(f.business.ratio * 10) / 10)}倍，${f.business.inside ? '在' : '不在'}区间之内。按这里记录的每人所得，需要每年约${n(Math.round(f.business.womenImplied))}名妇女被卖才能达到该数字，而估计人数约为每年${n(Math.round(f.business.womenEstimated))}人。该数字可能包括妇女被卖之后遭剥削（卖淫、网络色情）所得，买卖价格并不衡量这部分。`,
        ]
      : [],
  businessUnavailable: (r) => `无法估计所得：${r}`,
  businessAssumptions: (f, n) => [
    'A1. 假定无人记录的妇女与已记录的妇女被卖的次数和价格相同。',
    'A2. 每名妇女的被卖情况取自她最完整的陈述；无人讲述的买卖未计入。',
    'A3. 没有记录价格的买卖，按同类买卖已记录的平均价格计算。',
    `A4. 价格为记录时的人民币数额，未按通胀调整，按每美元${f.business ? n(f.business.cnyPerUsd) : '6.9'}元换算（假定；2015–2024年汇率约在6.1至7.3之间波动）。`,
    'A5. 所得只计买卖价格，不计被卖之后剥削的收入。',
    'A6. 估计的妇女人数带有估计模型的假定（第4节），其不确定性已计入区间。',
  ],
  limitations: (f) => [
    '各名单对妇女的覆盖并不均等：抵达韩国的妇女比仍在中国、被遣返或已死亡的妇女更常接受访谈。多系统估计只能在名单所揭示的范围内校正覆盖不均；任何名单都无法触及的妇女不被计入，因此估计很可能偏低。',
    '关联错误（把两名妇女当成一人，或把一人分成两人）会使估计产生偏差；关联步骤由分析人员复核。',
    '没有本用途同意的记录被排除，在估计模型看来就像无人记录的妇女。',
    f.noise
      ? '噪声对小数字的影响最大：只涉及少数人的单元格可能显示为0或多于实际人数，最小的数字应视为不确定。不同表格的合计可能略有差异。'
      : `披露控制隐藏小数字（少于${f.k}）和部分较大的数字；合计仍然准确，但在记录稀少之处会失去细节。`,
    '证词是在多年之后回忆价格和日期；年份和地区的精确度以信息来源为限。',
  ],
  figures: {
    timeline: '每年越境的妇女：已记录与估计',
    timelineDesc: '柱：已记录（斜线：不公布）。点和线：估计值及95%区间。阴影：2020–2022年。',
    violations: '期间记录的侵害，按类型',
    redZone: '中国“红色地带”三省的侵害',
    dprk: '已记录的妇女，按朝鲜原籍道',
    returns: '按年份的强制遣返',
    afterReturn: '强制遣返之后的遭遇（记录到的最严重者）',
    posterior: '妇女人数的后验分布（潜在类别模型）',
    perpetrators: '被指认的加害者，按类型',
  },
  labels: {
    year: '年份',
    total: '合计',
    documented: '已记录',
    estimated: '估计（95%区间）',
    interval: '95%区间',
    unbounded: '无上限',
    hidden: '不公布',
    zero: '无',
    median: '中位数',
    blackHole: '2020–2022年',
    violation: '侵害',
    count: '记录数',
    elements: '需证明的要件',
    frameworks: '法律',
    cah: '危害人类罪',
    yes: '是',
    no: '否',
    kind: '买卖类型',
    sales: '买卖次数',
    meanPrice: '平均价格（元）',
    perYear: '每年所得（元）',
    ageBand: '越境时年龄',
    homeProvince: '原籍道',
    region: '地点',
    outcome: '遣返之后',
    detainedInChina: '先在中国被捕或拘押',
    perpetrator: '加害者',
    role: '角色',
    priceBand: '价格（元）',
    notShownSmall: '不公布（人数太少）',
  },
  region: {
    'cn-ln': '辽宁',
    'cn-jl': '吉林',
    'cn-hl': '黑龙江',
    redzone: '红色地带（三省）',
    'cn-other': '中国其他地区',
    cn: '中国',
    kp: '朝鲜',
    elsewhere: '其他国家',
    unknown: '不详',
  },
  afterReturn: {
    death: '死亡或处决',
    disappearance: '强迫失踪',
    torture: '酷刑',
    detention: '拘押',
    interrogation: '审讯',
    none_recorded: '无记录',
  },
  priceBand: {
    lt3000: '3,000以下',
    '3000-5999': '3,000–5,999',
    '6000-9999': '6,000–9,999',
    ge10000: '10,000及以上',
    unknown: '未记录',
  },
  unknown: '不详',
};

export const REPORT_TEXT: Record<Lang, ReportText> = { en, ko, zh };
