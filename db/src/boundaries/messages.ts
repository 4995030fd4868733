/**
 * Messages of the boundary import, in Simplified Chinese (the default) and English. Each problem carries a stable
 * English code for scripts and a message for people; scripts branch on the code, never on the text.
 */
export type Language = 'zh-CN' | 'en';

export type ProblemCode =
  | 'INVALID_FILE'
  | 'TOO_MANY_FEATURES'
  | 'INVALID_CODE'
  | 'DUPLICATE_CODE'
  | 'LEVEL_MISMATCH'
  | 'INVALID_NAME'
  | 'UNKNOWN_DISTRICT'
  | 'UNKNOWN_PARENT'
  | 'INVALID_GEOMETRY_TYPE'
  | 'INVALID_COORDINATES'
  | 'COORDINATE_OUT_OF_RANGE'
  | 'COORDINATES_SWAPPED'
  | 'OUTSIDE_CHINA'
  | 'RING_NOT_CLOSED'
  | 'RING_TOO_SHORT'
  | 'INVALID_POLYGON'
  | 'REPAIR_FAILED';

export type NoticeCode = 'REPAIRED' | 'CHILDREN_APPROXIMATE' | 'NAME_CHANGED';

type Params = Record<string, string | number>;
type Catalogue = Record<ProblemCode | NoticeCode, (params: Params) => string>;

const zhCN: Catalogue = {
  INVALID_FILE: (p) => `文件不是有效的 GeoJSON FeatureCollection：${p.detail}`,
  TOO_MANY_FEATURES: (p) => `要素数 ${p.count} 超过单次导入上限 ${p.max}，请拆分文件后分批导入`,
  INVALID_CODE: (p) => `代码“${p.value}”无效：应为 6、9、12 或 15 位数字（区、街道、社区、网格）`,
  DUPLICATE_CODE: (p) => `代码 ${p.value} 在文件中重复出现（另见第 ${p.other} 个要素）`,
  LEVEL_MISMATCH: (p) => `层级“${p.value}”与代码位数不符：${p.code} 应为 ${p.expected}`,
  INVALID_NAME: () => '名称缺失或超过 100 个字符',
  UNKNOWN_DISTRICT: (p) => `区县 ${p.value} 不在本平台的行政区划中，无法导入`,
  UNKNOWN_PARENT: (p) => `上级代码 ${p.parent} 不存在：既不在数据库中，也不在本文件中`,
  INVALID_GEOMETRY_TYPE: (p) => `几何类型“${p.value}”不受支持：只接受 Polygon 或 MultiPolygon`,
  INVALID_COORDINATES: (p) => `坐标格式无效（${p.detail}）：每个点应为 [经度, 纬度] 数字对`,
  COORDINATE_OUT_OF_RANGE: (p) =>
    `坐标 [${p.lon}, ${p.lat}] 超出范围：经度须在 -180 到 180 之间，纬度须在 -90 到 90 之间`,
  COORDINATES_SWAPPED: (p) => `坐标 [${p.lon}, ${p.lat}] 的经纬度顺序疑似颠倒：GeoJSON 要求经度在前、纬度在后`,
  OUTSIDE_CHINA: (p) => `坐标 [${p.lon}, ${p.lat}] 不在中国境内（经度 73–136，纬度 3–54）`,
  RING_NOT_CLOSED: (p) => `第 ${p.ring} 个环未闭合：首点 [${p.first}] 与末点 [${p.last}] 须相同`,
  RING_TOO_SHORT: (p) => `第 ${p.ring} 个环只有 ${p.count} 个点：闭合环至少需要 4 个点`,
  INVALID_POLYGON: (p) => `多边形无效（${p.reason}）；可加 --repair 参数用 ST_MakeValid 自动修复`,
  REPAIR_FAILED: (p) => `多边形无效（${p.reason}），自动修复后不再是面，请检查原始数据`,
  REPAIRED: (p) => `多边形无效（${p.reason}），已用 ST_MakeValid 修复`,
  CHILDREN_APPROXIMATE: (p) => `其下级的 ${p.count} 个单元仍为近似边界，可能与新边界不一致，请一并导入下级边界`,
  NAME_CHANGED: (p) => `名称由“${p.previous}”改为“${p.value}”`,
};

const en: Catalogue = {
  INVALID_FILE: (p) => `The file is not a valid GeoJSON FeatureCollection: ${p.detail}`,
  TOO_MANY_FEATURES: (p) =>
    `${p.count} features exceed the limit of ${p.max} per import; split the file and import it in parts`,
  INVALID_CODE: (p) => `Invalid code "${p.value}": expected 6, 9, 12 or 15 digits (district, street, community, grid)`,
  DUPLICATE_CODE: (p) => `Code ${p.value} appears more than once in the file (see also feature ${p.other})`,
  LEVEL_MISMATCH: (p) => `Level "${p.value}" does not match the code length: ${p.code} is a ${p.expected}`,
  INVALID_NAME: () => 'Name is missing or longer than 100 characters',
  UNKNOWN_DISTRICT: (p) => `District ${p.value} is not in this hub's jurisdiction, so it cannot be imported`,
  UNKNOWN_PARENT: (p) => `Parent code ${p.parent} not found in the database or in this file`,
  INVALID_GEOMETRY_TYPE: (p) => `Unsupported geometry type "${p.value}": only Polygon and MultiPolygon are accepted`,
  INVALID_COORDINATES: (p) =>
    `Invalid coordinates (${p.detail}): each point must be a [longitude, latitude] pair of numbers`,
  COORDINATE_OUT_OF_RANGE: (p) =>
    `Coordinate [${p.lon}, ${p.lat}] is out of range: longitude must be within -180..180 and latitude within -90..90`,
  COORDINATES_SWAPPED: (p) =>
    `Coordinate [${p.lon}, ${p.lat}] looks swapped: GeoJSON puts longitude first and latitude second`,
  OUTSIDE_CHINA: (p) => `Coordinate [${p.lon}, ${p.lat}] is outside China (longitude 73–136, latitude 3–54)`,
  RING_NOT_CLOSED: (p) => `Ring ${p.ring} is not closed: the first point [${p.first}] must equal the last [${p.last}]`,
  RING_TOO_SHORT: (p) => `Ring ${p.ring} has ${p.count} points; a closed ring needs at least 4`,
  INVALID_POLYGON: (p) => `Invalid polygon (${p.reason}); add --repair to fix it with ST_MakeValid`,
  REPAIR_FAILED: (p) => `Invalid polygon (${p.reason}) that is no longer an area after repair; check the source data`,
  REPAIRED: (p) => `Invalid polygon (${p.reason}) repaired with ST_MakeValid`,
  CHILDREN_APPROXIMATE: (p) =>
    `${p.count} units below it still have approximate boundaries that may not match; import their boundaries too`,
  NAME_CHANGED: (p) => `Name changed from "${p.previous}" to "${p.value}"`,
};

const catalogues: Record<Language, Catalogue> = { 'zh-CN': zhCN, en };

export function formatMessage(language: Language, code: ProblemCode | NoticeCode, params: Params = {}): string {
  return catalogues[language][code](params);
}

/** Level names as staff read them. */
export const LEVEL_LABELS: Record<Language, Record<string, string>> = {
  'zh-CN': { DISTRICT: '区县', STREET: '街道（镇）', COMMUNITY: '社区（村）', GRID: '网格' },
  en: { DISTRICT: 'district', STREET: 'street', COMMUNITY: 'community', GRID: 'grid' },
};
