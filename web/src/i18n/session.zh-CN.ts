/**
 * Simplified Chinese strings of the login screen, the signed-in user and access rules, in the `session` namespace.
 * `session.en.ts` must have the same keys.
 */
export const sessionZhCN = {
  login: {
    title: '联防协同平台',
    heading: '账号登录',
    username: '用户名',
    password: '密码',
    submit: '登录',
    submitting: '正在登录…',
    expired: '登录已过期，请重新登录',
    loggedOut: '已退出登录。',
    failed: '登录失败：{{detail}}',
    networkFailed: '无法连接服务器，请检查网络后重试。',
  },
  user: {
    label: '当前用户',
    logout: '退出登录',
    department: {
      governance: '综治',
      police: '公安',
      housing: '住建',
      market: '市场监管',
      fire: '消防',
      utilities: '水电',
      audit: '审计',
      urban_management: '城管',
      education: '教育',
      school: '学校',
      civil_affairs: '民政',
      procuratorate: '检察院',
    },
  },
  workbench: {
    denied: '自定义查询需要研判分析员或审计员角色',
    deniedDetail: '分析工作台只向研判分析员和审计员开放；本账号可以使用态势图。',
  },
  forbidden: {
    OUT_OF_JURISDICTION: '超出管辖范围',
    DEPARTMENT_SCOPE: '本部门无权查看',
    PURPOSE_REQUIRED: '须声明用途',
    ROLE: '本角色无权查看',
    other: '无权查看',
    detail: '{{reason}}：{{message}}',
  },
  mask: {
    separator: '、',
    department: '已脱敏：仅{{departments}}部门可查看原文',
    purpose: '已脱敏：声明用途（如案件编号）后可查看原文',
  },
  purpose: {
    label: '查询用途（如案件编号）',
    submit: '声明用途',
    clear: '清除用途',
    declared: '已声明用途：{{purpose}}。本次登录期间的地址详情查询都会带上该用途，并记入访问日志。',
    invalid: '用途须为 2 到 100 个字符。',
  },
} as const;

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The shape of the `session` namespace in every language, taken from the Chinese strings. */
export type SessionMessages = Widen<typeof sessionZhCN>;
