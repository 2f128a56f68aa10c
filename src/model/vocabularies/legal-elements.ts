import { fromRecord, type Labels } from './labels';

/**
 * The legal elements an act must be shown to meet (the rows of an ICC-style case matrix,
 * domain.md section 5). Element assessments (types.ts ElementAssessment.element) hold these codes.
 */
export interface LegalElementData {
  readonly labels: Labels;
  /** What has to be shown, in a sentence. */
  readonly description: string;
  /**
   * The element need not be shown when this holds for the victim: Palermo art. 3(c) makes the
   * means irrelevant when the victim is a child (under 18).
   */
  readonly notRequiredIf?: 'child';
}

const ELEMENTS = {
  // Palermo Protocol art. 3
  'palermo.act': {
    labels: {
      ko: '행위 (모집·운송·이전·은닉·인수)',
      en: 'Act',
      zh: '行为（招募、运送、转移、窝藏、接收）',
    },
    description: 'The person was recruited, transported, transferred, harboured or received.',
  },
  'palermo.means': {
    labels: { ko: '수단', en: 'Means', zh: '手段' },
    description:
      'By threat or use of force, coercion, abduction, fraud, deception, abuse of power or of a ' +
      'position of vulnerability, or payments to a person having control over her. Not required ' +
      'when the victim was under 18.',
    notRequiredIf: 'child',
  },
  'palermo.purpose': {
    labels: { ko: '착취 목적', en: 'Purpose of exploitation', zh: '剥削目的' },
    description:
      'For sexual exploitation, forced labour, slavery or practices similar to slavery, or servitude.',
  },
  // Context of every crime against humanity (Rome Statute art. 7, chapeau)
  'icc.context.widespread': {
    labels: {
      ko: '민간인에 대한 광범위하거나 체계적인 공격',
      en: 'Widespread or systematic attack on a civilian population',
      zh: '针对平民人口的广泛或有系统的攻击',
    },
    description:
      'The conduct was committed as part of a widespread or systematic attack directed against a ' +
      'civilian population, pursuant to a State or organisational policy.',
  },
  'icc.context.knowledge': {
    labels: { ko: '공격에 대한 인식', en: 'Knowledge of the attack', zh: '明知该攻击' },
    description:
      'The perpetrator knew the conduct was part of, or intended it to be part of, that attack.',
  },
  // 7(1)(g)-1 rape
  'icc.7_1_g_1.invasion': {
    labels: { ko: '신체에 대한 성적 침해', en: 'Invasion of the body', zh: '对身体的性侵入' },
    description:
      'The perpetrator invaded the body of the victim by conduct resulting in penetration, however ' +
      'slight, of a sexual nature.',
  },
  'icc.7_1_g_1.coercion': {
    labels: {
      ko: '폭력·위협·강압 또는 동의 불능',
      en: 'Force, threat, coercion or incapacity to consent',
      zh: '武力、威胁、胁迫或无能力同意',
    },
    description:
      'The invasion was committed by force, threat of force or coercion, by taking advantage of a ' +
      'coercive environment, or against a person incapable of giving genuine consent.',
  },
  // 7(1)(g)-2 sexual slavery
  'icc.7_1_g_2.ownership': {
    labels: { ko: '소유권 행사', en: 'Powers of ownership', zh: '行使所有权' },
    description:
      'The perpetrator exercised powers of ownership over her: purchasing, selling, lending or ' +
      'bartering her, or imposing a similar deprivation of liberty.',
  },
  'icc.7_1_g_2.sexual_act': {
    labels: { ko: '성적 행위의 강요', en: 'Acts of a sexual nature', zh: '被迫从事性行为' },
    description: 'The perpetrator caused her to engage in one or more acts of a sexual nature.',
  },
  'cybersex.online': {
    labels: {
      ko: '온라인 성착취 (실시간 방송·녹화)',
      en: 'Live-streamed or recorded sexual acts',
      zh: '网络直播或录制的性行为',
    },
    description:
      'The sexual acts were live-streamed or recorded for viewers online (webcam, chat rooms).',
  },
  // 7(1)(k) other inhumane acts (forced marriage as in Ongwen; forced abortion)
  'icc.7_1_k.conjugal': {
    labels: {
      ko: '강요된 부부 관계',
      en: 'Conjugal association imposed',
      zh: '被强加的婚姻关系',
    },
    description:
      'A conjugal association (as a "wife") was imposed on her by force, threat or coercion, ' +
      'regardless of her will.',
  },
  'icc.7_1_k.suffering': {
    labels: {
      ko: '큰 고통 또는 심각한 상해',
      en: 'Great suffering or serious injury',
      zh: '巨大痛苦或严重伤害',
    },
    description:
      'The act caused great suffering, or serious injury to body or to mental or physical health.',
  },
  'icc.7_1_k.similar_character': {
    labels: {
      ko: '제7조 다른 행위와 유사한 성격',
      en: 'Character similar to other art. 7 acts',
      zh: '与第7条其他行为性质相似',
    },
    description:
      'The act was of a character similar to any other act referred to in art. 7(1) of the Statute.',
  },
  'icc.7_1_k.awareness': {
    labels: { ko: '사실관계의 인식', en: 'Awareness of the circumstances', zh: '知悉相关事实' },
    description:
      'The perpetrator was aware of the factual circumstances that established the character of the act.',
  },
  // 7(1)(g)-4 forced pregnancy
  'icc.7_1_g_4.confinement': {
    labels: {
      ko: '강제로 임신된 여성의 감금',
      en: 'Confinement of a woman forcibly made pregnant',
      zh: '禁闭被强迫怀孕的妇女',
    },
    description: 'The perpetrator confined one or more women forcibly made pregnant.',
  },
  'icc.7_1_g_4.intent': {
    labels: { ko: '요구되는 고의', en: 'Required intent', zh: '所需的故意' },
    description:
      'With the intent of affecting the ethnic composition of a population or carrying out other ' +
      'grave violations of international law.',
  },
  'forced_abortion.termination': {
    labels: {
      ko: '동의 없는 임신 중절',
      en: 'Pregnancy terminated without consent',
      zh: '未经同意终止妊娠',
    },
    description:
      'Her pregnancy was terminated (by procedure, drugs, beating or forced labour) without her ' +
      'free and informed consent.',
  },
  // 7(1)(c) enslavement; ILO C29 forced labour
  'icc.7_1_c.ownership': {
    labels: { ko: '소유권 행사', en: 'Powers of ownership', zh: '行使所有权' },
    description:
      'The perpetrator exercised powers of ownership over her: purchasing, selling, lending or ' +
      'bartering her, or imposing a similar deprivation of liberty.',
  },
  'ilo.c29.menace': {
    labels: { ko: '처벌의 위협', en: 'Menace of a penalty', zh: '以惩罚相威胁' },
    description: 'Work or service was exacted from her under the menace of a penalty.',
  },
  'ilo.c29.involuntary': {
    labels: { ko: '비자발성', en: 'Not offered voluntarily', zh: '非自愿' },
    description: 'She had not offered herself voluntarily for the work or service.',
  },
  // Refoulement: Refugee Convention art. 33, CAT art. 3
  'refoulement.return': {
    labels: { ko: '강제송환', en: 'Return to the DPRK', zh: '遣返' },
    description:
      'She was expelled or returned to the DPRK (or to a state that would send her there).',
  },
  'refoulement.persecution': {
    labels: { ko: '박해의 위험', en: 'Risk of persecution', zh: '遭受迫害的危险' },
    description:
      'Her life or freedom would be threatened on account of race, religion, nationality, ' +
      'membership of a particular social group or political opinion.',
  },
  'refoulement.torture_risk': {
    labels: { ko: '고문 위험', en: 'Danger of torture', zh: '遭受酷刑的危险' },
    description:
      'There were substantial grounds for believing she would be in danger of being subjected to torture.',
  },
  // 7(1)(e) imprisonment; ICCPR art. 9
  'icc.7_1_e.deprivation': {
    labels: {
      ko: '신체적 자유의 심각한 박탈',
      en: 'Severe deprivation of liberty',
      zh: '严重剥夺人身自由',
    },
    description: 'She was imprisoned or otherwise severely deprived of physical liberty.',
  },
  'icc.7_1_e.fundamental_rules': {
    labels: {
      ko: '국제법 기본 규칙 위반',
      en: 'Violation of fundamental rules',
      zh: '违反国际法基本规则',
    },
    description:
      'The deprivation violated fundamental rules of international law (no charge, no trial, no ' +
      'judicial review).',
  },
  'icc.7_1_e.awareness': {
    labels: { ko: '중대성의 인식', en: 'Awareness of the gravity', zh: '知悉其严重性' },
    description:
      'The perpetrator was aware of the factual circumstances that established the gravity of the conduct.',
  },
  'iccpr.9.arbitrary': {
    labels: { ko: '자의적 체포·구금', en: 'Arbitrary arrest or detention', zh: '任意逮捕或拘禁' },
    description:
      'The arrest or detention was arbitrary or not on grounds and by procedures established by ' +
      'law, without prompt access to a judge.',
  },
  // 7(1)(f) torture; CAT art. 1
  'icc.7_1_f.pain': {
    labels: { ko: '심한 고통', en: 'Severe pain or suffering', zh: '剧烈痛苦' },
    description:
      'Severe physical or mental pain or suffering was inflicted on her (including invasive strip ' +
      'and body-cavity searches).',
  },
  'icc.7_1_f.custody': {
    labels: { ko: '구금 또는 통제 하', en: 'In custody or under control', zh: '被羁押或控制' },
    description: 'She was in the custody or under the control of the perpetrator.',
  },
  'icc.7_1_f.not_lawful_sanction': {
    labels: { ko: '합법적 제재가 아님', en: 'Not a lawful sanction', zh: '并非合法制裁' },
    description:
      'The pain or suffering did not arise only from, and was not inherent in or incidental to, ' +
      'lawful sanctions.',
  },
  'cat.1.purpose': {
    labels: { ko: '목적', en: 'Purpose', zh: '目的' },
    description:
      'Inflicted for a purpose such as obtaining information or a confession, punishment, ' +
      'intimidation or coercion, or for a reason based on discrimination.',
  },
  'cat.1.official': {
    labels: { ko: '공무원의 관여', en: 'Public official involved', zh: '公职人员参与' },
    description:
      'Inflicted by or at the instigation of, or with the consent or acquiescence of, a public official.',
  },
  // 7(1)(i) enforced disappearance
  'icc.7_1_i.deprivation': {
    labels: { ko: '체포·구금·납치', en: 'Arrest, detention or abduction', zh: '逮捕、拘禁或绑架' },
    description: 'She was arrested, detained or abducted.',
  },
  'icc.7_1_i.refusal': {
    labels: {
      ko: '인정 또는 정보 제공의 거부',
      en: 'Refusal to acknowledge or inform',
      zh: '拒绝承认或告知下落',
    },
    description:
      'The deprivation of freedom was followed by a refusal to acknowledge it or to give ' +
      'information on her fate or whereabouts.',
  },
  'icc.7_1_i.state': {
    labels: { ko: '국가의 관여', en: 'State involvement', zh: '国家参与' },
    description:
      'Carried out by, or with the authorisation, support or acquiescence of, a State or political ' +
      'organisation.',
  },
  'icc.7_1_i.intent': {
    labels: {
      ko: '법의 보호를 박탈하려는 의도',
      en: 'Intent to remove from the protection of the law',
      zh: '意图使其长期不受法律保护',
    },
    description:
      'The perpetrator intended to remove her from the protection of the law for a prolonged period.',
  },
  // 7(1)(a) murder; ICCPR arts 6 and 14
  'icc.7_1_a.killing': {
    labels: { ko: '살해', en: 'Killing', zh: '杀害' },
    description: 'The perpetrator killed one or more persons (including by execution).',
  },
  'iccpr.6_14.no_fair_trial': {
    labels: {
      ko: '공정한 재판 없는 사형 선고',
      en: 'Death sentence without a fair trial',
      zh: '未经公正审判判处死刑',
    },
    description:
      'The death sentence was passed without the judicial guarantees of a fair trial (independent ' +
      'court, defence, public hearing, appeal).',
  },
} satisfies Record<string, LegalElementData>;

export type LegalElementCode = keyof typeof ELEMENTS;
export const legalElements = fromRecord<LegalElementCode, LegalElementData>(ELEMENTS);

/** The context elements every crime against humanity (Rome Statute art. 7) carries. */
export const CONTEXT_ELEMENTS: readonly LegalElementCode[] = [
  'icc.context.widespread',
  'icc.context.knowledge',
];
