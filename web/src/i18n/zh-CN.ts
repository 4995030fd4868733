/** Simplified Chinese strings, the default language. `en.ts` must have the same keys. */
export const zhCN = {
  app: {
    title: '联防协同平台 · 态势图',
    language: '语言',
  },
  level: {
    DISTRICT: '区',
    STREET: '街道',
    COMMUNITY: '社区',
    GRID: '网格',
  },
  breadcrumb: {
    label: '辖区层级',
  },
  children: {
    heading: '下级单元（{{count}}）',
    empty: '本单元没有下级单元。',
  },
  layers: {
    heading: '图层',
    children: '下级单元边界',
    selected: '当前单元轮廓',
    incidents: '近 7 天警情',
    approximate: '近似边界',
    exact: '权威边界',
    cluster: '警情聚合（点击放大）',
    truncated: '地图只显示最近的 {{shown}} 条',
  },
  period: {
    label: '统计时段（北京时间）：{{from}} 至 {{to}}',
  },
  category: {
    THEFT: '盗窃',
    FRAUD: '诈骗',
    FIGHT: '打架斗殴',
    DISPUTE: '矛盾纠纷',
    NOISE: '噪声扰民',
    FIRE_HAZARD: '火灾隐患',
    TRAFFIC: '交通警情',
    DRUGS: '涉毒',
    GAMBLING: '涉赌',
    OTHER: '其他',
  },
  status: {
    loading: '正在加载…',
    invalidCode:
      '地址栏中的单元代码 "{{code}}" 无效：应为行政区划代码（区 6 位、街道 9 位、社区 12 位、网格 15 位数字）。',
    notFound: '未找到代码为 {{code}} 的组织单元。',
    backToDefault: '返回全区',
    orgUnitFailed: '组织单元加载失败：{{detail}}',
    incidentsFailed: '警情加载失败：{{detail}}',
    networkFailed: '无法连接服务器，请检查网络后刷新页面。',
    mapFailed: '地图无法显示：{{detail}}',
    noBoundary: '该单元没有边界数据，地图无法定位。',
  },
} as const;
