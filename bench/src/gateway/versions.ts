import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@lianfang/db';

function installedVersion(packageDir: string, name: string): string {
  const manifest = join(workspaceRoot, packageDir, 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** Reads the installed versions of each gateway's packages and of the load generator. */
export function readGatewayVersions() {
  return {
    lianfangGateway: {
      '@apollo/gateway': installedVersion('gateway', '@apollo/gateway'),
      '@apollo/server': installedVersion('gateway', '@apollo/server'),
    },
    stockGateway: {
      '@apollo/gateway': installedVersion('bench', '@apollo/gateway'),
      '@apollo/server': installedVersion('bench', '@apollo/server'),
    },
    autocannon: installedVersion('bench', 'autocannon'),
  };
}
