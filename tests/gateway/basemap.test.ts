import { BasemapConfigError, basemapFromEnv } from '@lianfang/gateway';
import { describe, expect, it } from 'vitest';

const TIANDITU =
  'https://t0.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default' +
  '&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY';

describe('basemapFromEnv', () => {
  it('is off when the URL is unset or blank', () => {
    expect(basemapFromEnv({})).toBeNull();
    expect(basemapFromEnv({ LIANFANG_BASEMAP_URL: '  ' })).toBeNull();
  });

  it('reads a WMTS template with its key', () => {
    const basemap = basemapFromEnv({ LIANFANG_BASEMAP_URL: TIANDITU, LIANFANG_BASEMAP_ATTRIBUTION: '© 天地图' });
    expect(basemap).toEqual({
      tiles: TIANDITU,
      attribution: '© 天地图',
      tileSize: 256,
      origin: 'https://t0.tianditu.gov.cn',
    });
  });

  it('accepts TMS rows and 512-pixel tiles', () => {
    const basemap = basemapFromEnv({
      LIANFANG_BASEMAP_URL: 'http://10.0.0.5:8080/tiles/{z}/{x}/{-y}.png',
      LIANFANG_BASEMAP_TILE_SIZE: '512',
    });
    expect(basemap?.tileSize).toBe(512);
    expect(basemap?.origin).toBe('http://10.0.0.5:8080');
  });

  const rejected: [string, Record<string, string>, string][] = [
    ['a missing placeholder', { LIANFANG_BASEMAP_URL: 'https://tiles.example/{z}/{x}.png' }, '缺少占位符 {y}'],
    [
      'a non-http scheme',
      { LIANFANG_BASEMAP_URL: 'ftp://tiles.example/{z}/{x}/{y}.png' },
      '须以 http:// 或 https:// 开头',
    ],
    ['a script URL', { LIANFANG_BASEMAP_URL: 'javascript:alert(1)//{z}{x}{y}' }, '须以 http:// 或 https:// 开头'],
    ['credentials', { LIANFANG_BASEMAP_URL: 'https://user:secret@tiles.example/{z}/{x}/{y}' }, '不得包含用户名或密码'],
    ['text that is no URL', { LIANFANG_BASEMAP_URL: '{z}/{x}/{y}' }, '不是有效的网址'],
    [
      'a bad tile size',
      { LIANFANG_BASEMAP_URL: 'https://tiles.example/{z}/{x}/{y}', LIANFANG_BASEMAP_TILE_SIZE: '300' },
      '须为 256 或 512',
    ],
    ['an overlong URL', { LIANFANG_BASEMAP_URL: `https://tiles.example/{z}/{x}/{y}?k=${'a'.repeat(2000)}` }, '过长'],
  ];
  for (const [name, env, message] of rejected) {
    it(`rejects ${name}`, () => {
      expect(() => basemapFromEnv(env)).toThrow(BasemapConfigError);
      expect(() => basemapFromEnv(env)).toThrow(message);
    });
  }
});
