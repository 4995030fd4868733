import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Names of the departments as staff read them, for error messages and health reports. */
export const SUBGRAPH_LABELS: Record<string, string> = {
  governance: '综治网格',
  police: '公安',
  housing: '住建',
  market: '市场监管',
  utilities: '水电',
  crossborder: '跨界协作',
  audit: '访问审计',
};

/** Default local ports of the department subgraphs; the gateway listens on 4000. */
export const DEFAULT_SUBGRAPH_PORTS: Record<string, number> = {
  governance: 4101,
  police: 4102,
  housing: 4103,
  market: 4104,
  utilities: 4105,
  crossborder: 4106,
  audit: 4107,
};

export interface SubgraphSchemaFile {
  name: string;
  sdl: string;
  url: string;
}

/** Reads `subgraphs/<name>/src/schema.graphql` of every department package that has one. */
export function readSubgraphSchemas(subgraphsDir: string): SubgraphSchemaFile[] {
  return readdirSync(subgraphsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(subgraphsDir, entry.name, 'src', 'schema.graphql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({
      name,
      sdl: readFileSync(join(subgraphsDir, name, 'src', 'schema.graphql'), 'utf8'),
      url: `http://127.0.0.1:${DEFAULT_SUBGRAPH_PORTS[name] ?? 4199}/graphql`,
    }));
}
