/**
 * Rule-based classification of a grid worker's description: which category the event belongs to, which department
 * should lead, and how serious it is. The rules are data (`CATEGORY_RULES`, `SEVERITY_WORDS`), so a new keyword is a
 * new table row. The result is a proposal with its reason, which the worker may override on the report page.
 */

export type Category =
  | 'FIRE_HAZARD'
  | 'SCHOOL_BULLYING'
  | 'ILLEGAL_CONSTRUCTION'
  | 'RENTAL_HOUSING'
  | 'NOISE_DISPUTE'
  | 'PUBLIC_ORDER'
  | 'OTHER';

export type Severity = 'MINOR' | 'SERIOUS' | 'CRITICAL';

export interface Classification {
  category: Category;
  severity: Severity;
  /** Proposed lead department, one of the kit's DEPARTMENTS. */
  department: string;
  /** Keywords found in the description, category keywords first, each once, in order of first occurrence. */
  matchedKeywords: string[];
  /** Chinese explanation shown to the worker. */
  reason: string;
}

interface Keyword {
  word: string;
  /** 2 for a word that names the category on its own, 1 for a word that only hints at it. */
  weight: 1 | 2;
  /** Minimum severity the word implies within its category, e.g. 勒索同学 is at least SERIOUS. */
  severity?: Severity;
}

interface CategoryRule {
  category: Exclude<Category, 'OTHER'>;
  department: string;
  keywords: Keyword[];
}

const strong = (word: string, severity?: Severity): Keyword => ({ word, weight: 2, severity });
const hint = (word: string, severity?: Severity): Keyword => ({ word, weight: 1, severity });

/** Category rules. Table order breaks ties, so a more specific category comes before a broader one. */
export const CATEGORY_RULES: readonly CategoryRule[] = [
  {
    category: 'FIRE_HAZARD',
    department: 'fire',
    keywords: [
      strong('煤气罐'),
      strong('液化气'),
      strong('液化石油气'),
      strong('飞线'),
      strong('消防通道'),
      strong('私拉电线'),
      strong('电瓶车充电'),
      strong('电动车充电'),
      strong('灭火器'),
      hint('楼道'),
      hint('堆放'),
      hint('电动车'),
      hint('电瓶车'),
      hint('充电'),
      hint('杂物'),
      hint('易燃'),
    ],
  },
  {
    category: 'SCHOOL_BULLYING',
    department: 'school',
    keywords: [
      strong('欺凌'),
      strong('霸凌'),
      strong('打同学', 'SERIOUS'),
      strong('勒索同学', 'SERIOUS'),
      strong('欺负同学'),
      strong('校园暴力', 'SERIOUS'),
      hint('校园'),
      hint('学生'),
      hint('同学'),
      hint('放学'),
    ],
  },
  {
    category: 'ILLEGAL_CONSTRUCTION',
    department: 'urban_management',
    keywords: [strong('违建'), strong('违章建筑'), strong('违法建设'), strong('私搭乱建'), hint('加盖'), hint('搭建')],
  },
  {
    category: 'RENTAL_HOUSING',
    department: 'housing',
    keywords: [strong('群租'), strong('隔断'), strong('二房东'), hint('出租屋'), hint('出租房'), hint('租客')],
  },
  {
    category: 'NOISE_DISPUTE',
    department: 'governance',
    keywords: [strong('噪音'), strong('噪声'), strong('扰民'), hint('广场舞'), hint('装修声'), hint('吵闹')],
  },
  {
    category: 'PUBLIC_ORDER',
    department: 'police',
    keywords: [strong('打架'), strong('斗殴', 'SERIOUS'), strong('盗窃'), hint('徘徊'), hint('可疑'), hint('闹事')],
  },
];

/** Words that raise the severity of whatever category wins, unless a negation precedes them (没有起火). */
export const SEVERITY_WORDS: readonly { word: string; severity: Severity }[] = [
  { word: '起火', severity: 'CRITICAL' },
  { word: '着火', severity: 'CRITICAL' },
  { word: '爆炸', severity: 'CRITICAL' },
  { word: '持刀', severity: 'CRITICAL' },
  { word: '重伤', severity: 'CRITICAL' },
  { word: '冒烟', severity: 'SERIOUS' },
  { word: '漏气', severity: 'SERIOUS' },
  { word: '受伤', severity: 'SERIOUS' },
  { word: '流血', severity: 'SERIOUS' },
  { word: '勒索', severity: 'SERIOUS' },
  { word: '多次', severity: 'SERIOUS' },
  { word: '围殴', severity: 'SERIOUS' },
];

/** Text just before a severity word that negates it: 没有起火, 未冒烟, 无人受伤. */
const NEGATIONS = ['没有', '没人', '无人', '没', '未', '无', '不'];

const SEVERITY_RANK: Record<Severity, number> = { MINOR: 0, SERIOUS: 1, CRITICAL: 2 };

export const CATEGORY_LABELS: Record<Category, string> = {
  FIRE_HAZARD: '消防安全隐患',
  SCHOOL_BULLYING: '校园欺凌',
  ILLEGAL_CONSTRUCTION: '违法建设',
  RENTAL_HOUSING: '出租房屋（群租、隔断）',
  NOISE_DISPUTE: '噪声扰民纠纷',
  PUBLIC_ORDER: '治安异常',
  OTHER: '其他',
};

const SEVERITY_LABELS: Record<Severity, string> = { MINOR: '一般', SERIOUS: '较重', CRITICAL: '严重' };

const DEPARTMENT_LABELS: Record<string, string> = {
  fire: '消防部门',
  school: '学校',
  urban_management: '城管部门',
  housing: '住建部门',
  governance: '综治部门',
  police: '公安部门',
};

interface CategoryScore {
  rule: CategoryRule;
  score: number;
  matched: { keyword: Keyword; position: number }[];
}

function scoreCategory(rule: CategoryRule, text: string): CategoryScore {
  const matched: CategoryScore['matched'] = [];
  for (const keyword of rule.keywords) {
    const position = text.indexOf(keyword.word);
    if (position >= 0) matched.push({ keyword, position });
  }
  const score = matched.reduce((sum, match) => sum + match.keyword.weight, 0);
  return { rule, score, matched: matched.sort((a, b) => a.position - b.position) };
}

/** Returns the best category: highest score, then most matched keywords, then table order. */
function bestCategory(text: string): CategoryScore | undefined {
  let best: CategoryScore | undefined;
  for (const rule of CATEGORY_RULES) {
    const candidate = scoreCategory(rule, text);
    if (candidate.score === 0) continue;
    const better =
      !best ||
      candidate.score > best.score ||
      (candidate.score === best.score && candidate.matched.length > best.matched.length);
    if (better) best = candidate;
  }
  return best;
}

function isNegated(text: string, position: number): boolean {
  const before = text.slice(Math.max(0, position - 2), position);
  return NEGATIONS.some((negation) => before.endsWith(negation));
}

/** Returns the severity words with at least one occurrence that is not negated, in order of that occurrence. */
function severityWordsIn(text: string): { word: string; severity: Severity; position: number }[] {
  const found: { word: string; severity: Severity; position: number }[] = [];
  for (const entry of SEVERITY_WORDS) {
    let position = text.indexOf(entry.word);
    while (position >= 0 && isNegated(text, position)) position = text.indexOf(entry.word, position + 1);
    if (position >= 0) found.push({ ...entry, position });
  }
  return found.sort((a, b) => a.position - b.position);
}

const maxSeverity = (a: Severity, b: Severity): Severity => (SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a);

const quoteAll = (words: string[]) => words.map((word) => `“${word}”`).join('');

/**
 * Classifies a description. Keywords match as substrings of the text, so the rules need no word segmentation.
 * NOTE: only severity words check for a negation just before them; 没有群租 still counts as a rental keyword.
 */
export function classifyDescription(description: string): Classification {
  const text = description.normalize('NFKC');
  const best = bestCategory(text);
  const raising = severityWordsIn(text);

  let severity: Severity = 'MINOR';
  for (const match of best?.matched ?? []) severity = maxSeverity(severity, match.keyword.severity ?? 'MINOR');
  for (const word of raising) severity = maxSeverity(severity, word.severity);

  const categoryWords = best?.matched.map((match) => match.keyword.word) ?? [];
  const severityWords = raising.map((word) => word.word).filter((word) => !categoryWords.includes(word));
  const matchedKeywords = [...categoryWords, ...severityWords];

  const category: Category = best?.rule.category ?? 'OTHER';
  const department = best?.rule.department ?? 'governance';
  const parts = best
    ? [
        `描述中出现${quoteAll(categoryWords)}，属于${CATEGORY_LABELS[category]}，建议由${DEPARTMENT_LABELS[department]}牵头处置`,
      ]
    : ['描述中未出现任何类别的关键词，归为“其他”，由综治部门研判后分派'];
  if (severityWords.length > 0) {
    parts.push(`出现${quoteAll(severityWords)}，严重程度定为“${SEVERITY_LABELS[severity]}”`);
  } else if (severity !== 'MINOR') {
    parts.push(`严重程度定为“${SEVERITY_LABELS[severity]}”`);
  }
  return { category, severity, department, matchedKeywords, reason: parts.join('；') };
}
