/**
 * An optional external raster basemap for networks that have one (for example a 天地图 WMTS service with its key).
 * It is off by default, because the map must work on networks without any route to the internet.
 */
export interface BasemapConfig {
  /** Tile URL template with `{z}`, `{x}` and `{y}` (or `{-y}` for TMS row order). */
  tiles: string;
  /** Attribution the map shows while the basemap is on, e.g. `© 天地图`. */
  attribution: string;
  /** Edge of one tile in pixels. */
  tileSize: 256 | 512;
  /** Origin of the tile URL, which the page's content security policy allows for images and fetches. */
  origin: string;
}

export class BasemapConfigError extends Error {
  override name = 'BasemapConfigError';
}

const MAX_TEMPLATE_LENGTH = 2000;

/**
 * Reads the basemap from `LIANFANG_BASEMAP_URL`, `LIANFANG_BASEMAP_ATTRIBUTION` and `LIANFANG_BASEMAP_TILE_SIZE`;
 * returns null when the URL is unset or empty. Raises BasemapConfigError with a Chinese message for a URL that is
 * not http(s), lacks a placeholder, or carries a user name or password.
 */
export function basemapFromEnv(env: NodeJS.ProcessEnv): BasemapConfig | null {
  const template = env.LIANFANG_BASEMAP_URL?.trim();
  if (!template) return null;
  if (template.length > MAX_TEMPLATE_LENGTH) {
    throw new BasemapConfigError(`LIANFANG_BASEMAP_URL 过长（${template.length} 个字符，最多 ${MAX_TEMPLATE_LENGTH}）`);
  }
  const missing = ['{z}', '{x}'].filter((placeholder) => !template.includes(placeholder));
  if (!template.includes('{y}') && !template.includes('{-y}')) missing.push('{y}');
  if (missing.length > 0) {
    throw new BasemapConfigError(`LIANFANG_BASEMAP_URL 缺少占位符 ${missing.join('、')}，收到 ${template}`);
  }

  let url: URL;
  try {
    url = new URL(template.replaceAll('{', '%7B').replaceAll('}', '%7D'));
  } catch {
    throw new BasemapConfigError(`LIANFANG_BASEMAP_URL 不是有效的网址：${template}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BasemapConfigError(`LIANFANG_BASEMAP_URL 须以 http:// 或 https:// 开头，收到 ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new BasemapConfigError('LIANFANG_BASEMAP_URL 不得包含用户名或密码；密钥请作为查询参数（例如 tk=）写在网址中');
  }

  const tileSize = env.LIANFANG_BASEMAP_TILE_SIZE?.trim() || '256';
  if (tileSize !== '256' && tileSize !== '512') {
    throw new BasemapConfigError(`LIANFANG_BASEMAP_TILE_SIZE 须为 256 或 512，收到 ${tileSize}`);
  }
  return {
    tiles: template,
    attribution: env.LIANFANG_BASEMAP_ATTRIBUTION?.trim() ?? '',
    tileSize: Number(tileSize) as 256 | 512,
    origin: url.origin,
  };
}
