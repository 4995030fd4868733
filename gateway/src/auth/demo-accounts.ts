import type { Logger } from '@lianfang/db';
import type { Account, AccountStore } from './accounts.js';

/**
 * Demo accounts, one per level and department, created with the demo data. They share one documented password;
 * a deployment creates its own accounts and starts without demo data.
 */
export const DEMO_PASSWORD = 'lianfang-demo-2026';

/**
 * Accounts of a city whose first district is `district`, e.g. 320509: the district, its first street, two of that
 * street's communities and the first grid of the first community. `prefix` tells the cities' accounts apart
 * (`jx.` for 嘉兴).
 */
export function demoAccounts(district: string, prefix = ''): Account[] {
  const street = `${district}001`;
  const community = `${street}001`;
  const otherCommunity = `${street}002`;
  const grid = `${community}001`;
  const account = (
    sub: string,
    name: string,
    level: Account['level'],
    orgUnit: string,
    department: Account['department'],
    roles: Account['roles'],
  ): Account => ({ sub: `${prefix}${sub}`, name, level, orgUnit, department, roles });
  return [
    account('district.commander', '区综治中心指挥员', 'DISTRICT', district, 'governance', ['commander']),
    account('district.analyst', '区综治中心研判员', 'DISTRICT', district, 'governance', ['analyst']),
    account('police.analyst', '区公安分局研判员', 'DISTRICT', district, 'police', ['analyst']),
    account('police.officer', '派出所民警', 'STREET', street, 'police', ['staff']),
    account('police.command', '区公安分局指挥中心民警', 'DISTRICT', district, 'police', ['staff']),
    account('housing.staff', '区住建局工作人员', 'DISTRICT', district, 'housing', ['staff', 'analyst']),
    account('market.staff', '区市场监管局工作人员', 'DISTRICT', district, 'market', ['staff']),
    account('utilities.staff', '水电公司工作人员', 'DISTRICT', district, 'utilities', ['staff']),
    account('fire.staff', '消防救援站工作人员', 'STREET', street, 'fire', ['staff']),
    account('fire.command', '区消防救援大队指挥员', 'DISTRICT', district, 'fire', ['staff']),
    account('street.commander', '街道综治中心指挥员', 'STREET', street, 'governance', ['commander']),
    account('community.commander', '社区综治中心指挥员', 'COMMUNITY', community, 'governance', ['commander']),
    account('community.analyst', '社区综治中心研判员', 'COMMUNITY', community, 'governance', ['analyst']),
    account('community2.analyst', '另一社区研判员', 'COMMUNITY', otherCommunity, 'governance', ['analyst']),
    account('grid.worker', '网格员', 'GRID', grid, 'governance', ['grid_worker']),
    account('auditor', '区纪检数据办审计员', 'DISTRICT', district, 'audit', ['auditor']),
    account('video.feed', '视频分析系统接入账号', 'DISTRICT', district, 'police', ['video_feed']),
    account('school.staff', '中心小学德育处老师', 'STREET', street, 'school', ['staff']),
    account('education.staff', '区教育局工作人员', 'DISTRICT', district, 'education', ['staff']),
    account('civil.staff', '街道民政办工作人员', 'STREET', street, 'civil_affairs', ['staff']),
    account('procuratorate.staff', '区检察院未检科检察官', 'DISTRICT', district, 'procuratorate', ['staff']),
    account('urban.staff', '街道城管中队队员', 'STREET', street, 'urban_management', ['staff']),
  ];
}

/** Creates the demo accounts of `district` that do not exist yet; existing accounts keep their password. */
export async function seedDemoAccounts(
  store: AccountStore,
  district: string,
  prefix: string,
  logger: Logger,
): Promise<void> {
  const missing: Account[] = [];
  for (const account of demoAccounts(district, prefix)) {
    if (!(await store.exists(account.sub))) missing.push(account);
  }
  for (const account of missing) await store.save(account, DEMO_PASSWORD);
  if (missing.length > 0) logger.info({ created: missing.map((account) => account.sub) }, 'demo accounts created');
}
