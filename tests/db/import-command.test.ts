import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { workspaceRoot } from '@lianfang/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyTemplate } from '../support/database.js';

const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'lianfang-import-'));
let copy: Awaited<ReturnType<typeof copyTemplate>>;

beforeAll(async () => {
  copy = await copyTemplate('seeded');
});

afterAll(async () => {
  await copy?.remove();
});

async function importFile(content: string, ...args: string[]) {
  const file = join(scratch, `input-${Math.random().toString(36).slice(2)}.geojson`);
  writeFileSync(file, content);
  try {
    const { stdout } = await run('node', ['--import', 'tsx', 'db/src/cli/import-boundaries.ts', file, ...args], {
      cwd: workspaceRoot,
      env: { ...process.env, ...copy.env, LOG_LEVEL: 'silent', LIANFANG_LANG: '' },
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const square = [
  [120.6, 31.15],
  [120.601, 31.15],
  [120.601, 31.151],
  [120.6, 31.151],
  [120.6, 31.15],
];

function file(code: string, ring: number[][]) {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { code, name: '测试社区' }, geometry: { type: 'Polygon', coordinates: [ring] } },
    ],
  });
}

describe('boundaries:import command', () => {
  it('reports problems in Chinese and exits 1', async () => {
    const swapped = square.map(([lon, lat]) => [lat as number, lon as number]);
    const result = await importFile(file('320509001001', swapped));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('导入被拒绝，数据库未做任何修改。发现 1 个问题');
    expect(result.stdout).toContain('第 1 个要素（320509001001）：坐标 [31.15, 120.6] 的经纬度顺序疑似颠倒');
    expect(result.stdout).toContain('[COORDINATES_SWAPPED]');
  });

  it('reports in English with --lang en', async () => {
    const result = await importFile(file('320509999001', square), '--lang', 'en');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'feature 1 (320509999001): Parent code 320509999 not found in the database or in this file',
    );
  });

  it('rejects a file that is not JSON', async () => {
    const result = await importFile('{"type": "FeatureCollection", ');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('文件不是有效的 GeoJSON FeatureCollection：JSON:');
  });

  it('imports a good file and exits 0', async () => {
    const result = await importFile(file('320509001001', square));
    expect(result.stdout).toContain('导入成功：新建 0 个、更新 1 个单元。');
    expect(result.code).toBe(0);
  });

  it('exits 2 on an unknown option value', async () => {
    const result = await importFile(file('320509001001', square), '--crs', 'EPSG:3857');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid --crs EPSG:3857.');
  });
});
