/**
 * Incident categories of the demo. They follow the public order (社会治安) module of GB/T 31000-2015
 * 《社会治安综合治理基础数据规范》, but the codes are this project's. Each category has a share of all incidents,
 * a share recorded at a standard address and a relative weight for each local hour of the day.
 */
import { type Random, weightedSampler } from './sampling.js';

export const INCIDENT_CATEGORIES = [
  'THEFT',
  'FRAUD',
  'FIGHT',
  'DISPUTE',
  'NOISE',
  'FIRE_HAZARD',
  'TRAFFIC',
  'DRUGS',
  'GAMBLING',
  'OTHER',
] as const;

export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

interface CategoryProfile {
  label: string;
  /** Relative share of all incidents. */
  share: number;
  /** Probability that the incident is recorded at a standard address rather than a street or open ground. */
  atAddress: number;
  /** Relative weight of each hour 0–23. */
  hours: readonly number[];
}

// The hour curves are hand-made estimates, not fitted to data. They put burglaries and drug cases at night, fraud
// reports in office hours, disputes and noise in the evening and traffic accidents at the rush hours.
export const CATEGORY_PROFILES: Readonly<Record<IncidentCategory, CategoryProfile>> = {
  THEFT: {
    label: '盗窃',
    share: 22,
    atAddress: 0.7,
    hours: [9, 9, 10, 10, 9, 7, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 5, 6, 7, 8],
  },
  FRAUD: {
    label: '诈骗',
    share: 12,
    atAddress: 0.9,
    hours: [1, 1, 1, 1, 1, 1, 2, 3, 6, 8, 9, 9, 8, 8, 9, 9, 8, 7, 6, 5, 4, 3, 2, 1],
  },
  FIGHT: {
    label: '打架斗殴',
    share: 8,
    atAddress: 0.5,
    hours: [8, 7, 5, 3, 2, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 4, 5, 6, 8, 9, 10, 10],
  },
  DISPUTE: {
    label: '矛盾纠纷',
    share: 20,
    atAddress: 0.9,
    hours: [2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 5, 5, 5, 5, 6, 7, 10, 12, 12, 9, 5, 3],
  },
  NOISE: {
    label: '噪音扰民',
    share: 10,
    atAddress: 0.95,
    hours: [6, 4, 2, 1, 1, 2, 4, 4, 3, 3, 3, 3, 4, 3, 3, 3, 3, 4, 5, 7, 9, 10, 10, 8],
  },
  FIRE_HAZARD: {
    label: '消防隐患',
    share: 5,
    atAddress: 0.95,
    hours: [2, 2, 1, 1, 1, 1, 2, 3, 5, 6, 6, 6, 6, 6, 6, 6, 6, 6, 7, 6, 5, 4, 3, 2],
  },
  TRAFFIC: {
    label: '交通事故',
    share: 15,
    atAddress: 0.2,
    hours: [2, 1, 1, 1, 1, 2, 5, 11, 12, 7, 5, 5, 6, 5, 5, 6, 8, 11, 12, 7, 5, 4, 3, 2],
  },
  DRUGS: {
    label: '涉毒',
    share: 1,
    atAddress: 0.6,
    hours: [7, 7, 6, 5, 3, 2, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 4, 5, 6, 7, 8, 8],
  },
  GAMBLING: {
    label: '涉赌',
    share: 2,
    atAddress: 0.8,
    hours: [6, 5, 3, 2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 6, 5, 5, 6, 7, 8, 9, 9, 8],
  },
  OTHER: {
    label: '其他',
    share: 5,
    atAddress: 0.6,
    hours: [2, 2, 1, 1, 1, 2, 3, 4, 5, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 5, 4, 4, 3, 3],
  },
};

const categorySampler = weightedSampler(INCIDENT_CATEGORIES.map((category) => CATEGORY_PROFILES[category].share));

const hourSamplers = Object.fromEntries(
  INCIDENT_CATEGORIES.map((category) => [category, weightedSampler(CATEGORY_PROFILES[category].hours)]),
) as Record<IncidentCategory, (random: Random) => number>;

export function sampleCategory(random: Random): IncidentCategory {
  return INCIDENT_CATEGORIES[categorySampler(random)] as IncidentCategory;
}

/** Draws the local hour (0–23) of an incident of `category` from its hour-of-day curve. */
export function sampleHour(category: IncidentCategory, random: Random): number {
  return hourSamplers[category](random);
}
