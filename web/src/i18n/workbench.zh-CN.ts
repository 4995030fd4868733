/**
 * Simplified Chinese strings of the analyst workbench and of the page navigation, in the `workbench` namespace.
 * `workbench.en.ts` must have the same keys.
 */
export const workbenchZhCN = {
  title: '联防协同平台 · 分析工作台',
  nav: {
    label: '页面',
    map: '态势图',
    workbench: '分析工作台',
  },
  page: {
    loading: '正在加载分析工作台…',
    loadFailed: '分析工作台加载失败：{{detail}}。请刷新页面重试。',
    editorLabel: 'GraphQL 查询编辑器',
    editorLogo: 'GraphQL 查询',
    defaultQuery:
      '# 分析工作台\n' +
      '# 在此编写 GraphQL 查询，按 Ctrl+Enter 运行。\n' +
      '# 左侧可载入示例查询和保存的查询，\n' +
      '# 书本图标打开字段说明。\n' +
      '{\n  orgUnit(code: "320509") {\n    name\n    children {\n      code\n      name\n      incidentCount\n    }\n  }\n}\n',
    auditorDefaultQuery:
      '# 分析工作台\n' +
      '# 在此编写 GraphQL 查询，按 Ctrl+Enter 运行。\n' +
      '# 左侧可载入示例查询和保存的查询。\n' +
      '# 审计员无权查看接口结构，编辑器不提供字段说明和自动补全。\n' +
      '{\n  accessLogVerification {\n    valid\n    checked\n  }\n}\n',
  },
  saved: {
    heading: '保存的查询',
    nameLabel: '名称',
    namePlaceholder: '例如：松陵街道近 30 天盗窃',
    save: '保存当前查询',
    empty: '还没有保存的查询。',
    load: '载入',
    rename: '重命名',
    renameLabel: '新名称',
    delete: '删除',
    confirmDelete: '确定删除「{{name}}」？',
    confirm: '确定',
    cancel: '取消',
    savedAt: '保存于 {{time}}',
    created: '已保存「{{name}}」。',
    updated: '已用当前查询更新「{{name}}」。',
    renamed: '已重命名为「{{name}}」。',
    deleted: '已删除「{{name}}」。',
    loaded: '已在新标签页中载入「{{name}}」。',
    errors: {
      nameEmpty: '请输入名称。',
      nameTooLong: '名称最多 {{max}} 个字符。',
      nameTaken: '已有名为「{{name}}」的查询，请换一个名称。',
      queryEmpty: '当前查询为空，无法保存。',
      notFound: '这条查询已不存在，可能已在其他窗口中删除。',
      storageUnavailable: '浏览器存储不可用（例如隐私模式），保存的查询无法读写。',
      storageFull: '浏览器存储已满，保存失败。请删除不用的查询后重试。',
      unreadable: '浏览器中保存的查询数据已损坏，无法读取；保存新查询会覆盖它。',
    },
  },
  examples: {
    heading: '示例查询',
    withoutSchema: '审计员无权查看接口结构（内省查询），所以编辑器不提供字段说明和自动补全。请从下列示例开始编写查询。',
    streetIncidents: {
      title: '某街道近 30 天警情',
      summary: '松陵街道近 30 天的警情及其地址，可导出为 CSV 或 GeoJSON 点。',
    },
    subdividedRentals: {
      title: '群租房与异常用电',
      summary: '全区群租（隔断出租）房屋，以及所在地址近 3 个月用电量与同类住户中位数之比。',
    },
    borderHotspots: {
      title: '交界地带热点',
      summary: '吴江—嘉善交界地带近 30 天的警情热点及其范围。',
    },
    plantedAddress: {
      title: '异常地址跨部门核查',
      summary: '一个标准地址上的实有人口、出租登记、企业与水电用量（公安、住建、市场监管、水电）。',
    },
    patrolZones: {
      title: '巡逻区分布',
      summary: '全区巡逻区的班次、单位与范围，可导出为 GeoJSON 面。',
    },
    accessLog: {
      title: '最近的个人信息访问记录',
      summary: '最近 50 条个人信息读取和拒绝记录：访问者、用途、字段、涉及实体数与返回方式（原文、脱敏或拒绝）。',
    },
    accessLogVerification: {
      title: '校验访问记录哈希链',
      summary: '校验整条访问记录哈希链是否完好；请将 lastId 与 lastHash 抄录到库外，供日后比对。',
    },
  },
  export: {
    heading: '导出结果',
    csv: '导出 CSV',
    geojson: '导出 GeoJSON',
    fileName: '查询结果',
    noResult: '运行查询后可导出结果。',
    lastResult: '最近一次运行：{{operation}}，{{time}}',
    anonymous: '匿名查询',
    rows: '可导出 {{count}} 行（来自 {{path}}）。',
    csvDone: '已导出 {{count}} 行 CSV。',
    geojsonDone: '已导出 {{count}} 个要素的 GeoJSON。',
    geojsonSkipped: '已导出 {{count}} 个要素的 GeoJSON；{{skipped}} 行没有几何字段，未导出。',
    hint: 'CSV 取结果中的第一个列表，每项一行，嵌套字段用点号连接作列名；GeoJSON 取每行的第一个几何字段。',
    errors: {
      noResult: '还没有可导出的结果，请先运行查询。',
      requestFailed: '最近一次运行的请求失败，没有可导出的结果。请查看右侧结果中的错误信息。',
      noData: '最近一次运行没有返回数据（data 为空），无法导出。请查看右侧结果中的错误信息。',
      noList: '结果中没有列表，无法导出。请查询返回列表的字段，例如 incidents 或 rentals。',
      emptyList: '结果中的列表为空，没有可导出的行。',
      noGeometry:
        '结果中的列表没有几何字段（GeoJSON 点、线或面），无法导出 GeoJSON。请在查询中加入 location、zone 或 boundary 等字段。',
      failed: '导出失败：{{detail}}',
    },
  },
} as const;

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The shape of the `workbench` namespace in every language, taken from the Chinese strings. */
export type WorkbenchMessages = Widen<typeof workbenchZhCN>;
