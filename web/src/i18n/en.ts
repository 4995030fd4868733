import type { Messages } from './index.js';

/** English strings; the keys mirror `zh-CN.ts`. */
export const en: Messages = {
  app: {
    title: 'Lianfang · Situation Map',
    language: 'Language',
  },
  level: {
    DISTRICT: 'District',
    STREET: 'Street',
    COMMUNITY: 'Community',
    GRID: 'Grid',
  },
  breadcrumb: {
    label: 'Jurisdiction levels',
  },
  children: {
    heading: 'Child units ({{count}})',
    empty: 'This unit has no child units.',
  },
  layers: {
    heading: 'Layers',
    children: 'Child unit boundaries',
    selected: 'Selected unit outline',
    incidents: 'Incidents, last 7 days',
    approximate: 'Approximate boundary',
    exact: 'Authoritative boundary',
    cluster: 'Incident cluster (click to zoom)',
    truncated: 'The map shows the latest {{shown}} only',
    rentals: 'Rental housing',
    rentalsTruncated: 'The map shows the first {{shown}} by ID only',
    subdivided: 'Subdivided rental (black ring)',
    border: 'Border zones and hotspots',
    borderBand: 'Border zone',
    hotspot: 'Incident hotspot (all shared incidents; darker means more)',
    patrols: 'Patrol zones',
  },
  inspection: {
    NOT_INSPECTED: 'Not inspected',
    PASSED: 'Passed inspection',
    RECTIFYING: 'Rectifying',
    FAILED: 'Failed inspection',
  },
  shift: {
    DAY: 'Day shift',
    NIGHT: 'Night shift',
    ALL_DAY: 'All day',
  },
  period: {
    label: 'Period (China Standard Time): {{from}} to {{to}}',
  },
  category: {
    THEFT: 'Theft',
    FRAUD: 'Fraud',
    FIGHT: 'Fight',
    DISPUTE: 'Dispute',
    NOISE: 'Noise nuisance',
    FIRE_HAZARD: 'Fire hazard',
    TRAFFIC: 'Traffic',
    DRUGS: 'Drugs',
    GAMBLING: 'Gambling',
    OTHER: 'Other',
  },
  status: {
    loading: 'Loading…',
    invalidCode:
      'The unit code "{{code}}" in the address bar is invalid: expected a division code (6 digits for a district, 9 for a street, 12 for a community, 15 for a grid).',
    notFound: 'No org unit has the code {{code}}.',
    backToDefault: 'Back to the district',
    orgUnitFailed: 'Loading the org unit failed: {{detail}}',
    incidentsFailed: 'Loading the incidents failed: {{detail}}',
    rentalsFailed: 'Loading the rentals failed: {{detail}}',
    borderFailed: 'Loading the border zones or hotspots failed: {{detail}}',
    patrolsFailed: 'Loading the patrol zones failed: {{detail}}',
    networkFailed: 'The server is unreachable. Check the network and reload the page.',
    mapFailed: 'The map cannot be shown: {{detail}}',
    noBoundary: 'This unit has no boundary, so the map cannot zoom to it.',
  },
};
