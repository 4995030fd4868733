/**
 * The two demo hubs. Each city runs its own hub on its own database. The cross-border subgraph is hosted by 吴江
 * and composed by both, so it is the only part the two graphs share.
 */
export interface CityProfile {
  id: 'wujiang' | 'jiaxing';
  name: string;
  /** Districts whose department data this hub holds. */
  districts: string[];
  gatewayPort: number;
  subgraphPortBase: number;
  /** Prefix of the demo accounts' user names, so the two cities' accounts differ. */
  accountPrefix: string;
  /** Embedded database folder, relative to the workspace root. */
  dataDir: string;
  /** Subgraphs this hub composes from another hub instead of running them, with the environment variable of their URL. */
  remoteSubgraphs: Record<string, { env: string; defaultUrl: string }>;
}

export const CITIES: Record<CityProfile['id'], CityProfile> = {
  wujiang: {
    id: 'wujiang',
    name: '苏州市吴江区综治中心',
    districts: ['320509'],
    gatewayPort: 4000,
    subgraphPortBase: 4100,
    accountPrefix: '',
    dataDir: '.data/pglite',
    remoteSubgraphs: {},
  },
  jiaxing: {
    id: 'jiaxing',
    name: '嘉兴市综治中心（嘉善县、秀洲区）',
    districts: ['330421', '330411'],
    gatewayPort: 4010,
    subgraphPortBase: 4110,
    accountPrefix: 'jx.',
    dataDir: '.data/pglite-jiaxing',
    remoteSubgraphs: {
      crossborder: { env: 'CROSSBORDER_URL', defaultUrl: 'http://127.0.0.1:4106/graphql' },
    },
  },
};
