/**
 * Sources of the demo event history: how often each category and severity is reported, the generated descriptions
 * and feedback, and how well each department keeps its deadlines. The departments differ on purpose, so
 * that the quarterly assessment ranks them. Every text is generated; none describes a real case.
 */

export type Severity = 'MINOR' | 'SERIOUS' | 'CRITICAL';

/** Share of reports per category, in percent. */
export const CATEGORY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['FIRE_HAZARD', 22],
  ['NOISE_DISPUTE', 18],
  ['RENTAL_HOUSING', 15],
  ['ILLEGAL_CONSTRUCTION', 14],
  ['PUBLIC_ORDER', 14],
  ['SCHOOL_BULLYING', 6],
  ['OTHER', 11],
];

export const SEVERITY_WEIGHTS: readonly (readonly [Severity, number])[] = [
  ['MINOR', 64],
  ['SERIOUS', 28],
  ['CRITICAL', 8],
];

/** Descriptions a grid worker might write, each with the keyword the classifier would match. */
export const DESCRIPTIONS: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  FIRE_HAZARD: [
    ['楼道内堆放两个煤气罐，住户称暂时存放', '煤气罐'],
    ['电动自行车停在楼道内充电，电线从窗户拉出', '充电'],
    ['消防通道被杂物和废旧家具堵塞', '消防通道'],
    ['小区消防栓无水，箱门损坏', '消防栓'],
    ['沿街店铺后厨油烟管道积油严重', '油烟'],
  ],
  NOISE_DISPUTE: [
    ['楼上住户夜间装修噪声扰民，邻里发生争吵', '噪声'],
    ['广场舞音响音量过大，附近居民多次投诉', '音响'],
    ['商铺门口大功率喇叭循环播放促销广告', '喇叭'],
  ],
  RENTAL_HOUSING: [
    ['一套住房被隔成多个小间出租，住人较多', '隔断'],
    ['出租房屋人员频繁更换，未登记流动人口', '出租'],
    ['地下室被改造成宿舍群租', '群租'],
  ],
  ILLEGAL_CONSTRUCTION: [
    ['屋顶新搭建彩钢板房', '搭建'],
    ['一楼住户擅自扩建院墙占用公共绿地', '扩建'],
    ['临街店铺违规加建雨棚', '加建'],
  ],
  PUBLIC_ORDER: [
    ['夜间有人在停车场附近反复查看车辆', '反复'],
    ['菜市场门口有人聚集争吵，情绪激动', '聚集'],
    ['有人在公交站附近散发可疑传单', '可疑'],
  ],
  SCHOOL_BULLYING: [
    ['放学后校门外有学生被多名学生围堵', '围堵'],
    ['家长反映孩子在校内多次被同学索要财物', '索要'],
    ['学生在校外被高年级学生殴打', '殴打'],
  ],
  OTHER: [
    ['路灯损坏，夜间道路漆黑', '路灯'],
    ['窨井盖缺失，存在安全隐患', '窨井盖'],
    ['独居老人多日未出门，邻居担心', '独居老人'],
  ],
};

export const CATEGORY_NAMES: Readonly<Record<string, string>> = {
  FIRE_HAZARD: '消防安全隐患',
  NOISE_DISPUTE: '噪声扰民纠纷',
  RENTAL_HOUSING: '出租房屋（群租、隔断）',
  ILLEGAL_CONSTRUCTION: '违法建设',
  PUBLIC_ORDER: '治安异常',
  SCHOOL_BULLYING: '校园欺凌',
  OTHER: '其他',
};

export const RESOLVE_NOTES: readonly string[] = [
  '已到现场处置，问题已消除，现场照片已留存',
  '已约谈当事人并责令整改，整改已完成',
  '已会同社区处置完毕，将安排回访',
  '已现场核实并处理，当事人签字确认',
];

export const REOPEN_NOTES: readonly string[] = ['核查发现问题仍然存在，请重新处置', '反馈与现场情况不符，请补充处置'];

/** The reason a dispatched task is handed to the next step, when the rule's hand-off names no condition. */
export const TRANSFER_NOTE = '超出本部门处置能力，按职责清单转办';
export const ESCALATE_NOTE = '逾期未办结，按职责清单上报上级';

/** Handling profile of one department: how it deals with its tasks. */
export interface DepartmentPerformance {
  /** Probability that a task is resolved by its deadline. */
  onTime: number;
  /** Probability that verification fails once and the task is handled again. */
  reopen: number;
  /** Probability that the department hands a task on, where the rule has a hand-off from its step. */
  transfer: number;
}

/** Invented figures that make the ranking differ by department; they describe no real department. */
export const DEPARTMENT_PERFORMANCE: Readonly<Record<string, DepartmentPerformance>> = {
  fire: { onTime: 0.94, reopen: 0.03, transfer: 0.05 },
  police: { onTime: 0.9, reopen: 0.04, transfer: 0.1 },
  procuratorate: { onTime: 0.95, reopen: 0.02, transfer: 0.02 },
  education: { onTime: 0.91, reopen: 0.04, transfer: 0.05 },
  school: { onTime: 0.84, reopen: 0.08, transfer: 0.25 },
  civil_affairs: { onTime: 0.86, reopen: 0.05, transfer: 0.05 },
  governance: { onTime: 0.88, reopen: 0.05, transfer: 0.08 },
  market: { onTime: 0.8, reopen: 0.07, transfer: 0.08 },
  utilities: { onTime: 0.83, reopen: 0.05, transfer: 0.05 },
  housing: { onTime: 0.71, reopen: 0.1, transfer: 0.1 },
  urban_management: { onTime: 0.64, reopen: 0.12, transfer: 0.12 },
};

export const DEFAULT_PERFORMANCE: DepartmentPerformance = { onTime: 0.8, reopen: 0.06, transfer: 0.08 };

/** Chinese names of the departments, for generated staff accounts. */
export const DEPARTMENT_NAMES: Readonly<Record<string, string>> = {
  governance: '综治中心',
  police: '派出所',
  housing: '住建',
  market: '市场监管',
  fire: '消防救援',
  utilities: '水电公司',
  urban_management: '城管',
  education: '教育',
  school: '学校',
  civil_affairs: '民政',
  procuratorate: '检察院',
  audit: '审计',
};
