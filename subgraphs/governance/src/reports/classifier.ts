/**
 * Rule-based classification of a grid worker's description: which category the event belongs to, which department
 * is responsible for it, and how serious it is. The rules are data (`CATEGORY_RULES`, `SEVERITY_WORDS`), so a new keyword is a
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
  /** Responsible department of the category, one of the kit's DEPARTMENTS; the responsibility list decides who leads. */
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
      strong('着火', 'CRITICAL'),
      strong('起火', 'CRITICAL'),
      strong('失火', 'CRITICAL'),
      strong('火灾', 'CRITICAL'),
      strong('火情', 'CRITICAL'),
      strong('浓烟', 'CRITICAL'),
      strong('冒烟', 'SERIOUS'),
      strong('烟味'),
      strong('火苗'),
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

/** Text just before a keyword that negates it: 没有起火, 未冒烟, 无人受伤. */
const NEGATIONS = ['没有', '没人', '无人', '没', '未', '无', '不'];

/**
 * Negations that also reach a keyword a few characters later in the same clause: 没有堆放煤气罐, 未发现打架.
 * 没有人 and 没人 stay out because they describe the object (没有人管的煤气罐 is still a hazard).
 */
const SCOPED_NEGATIONS = ['没有', '未', '没'];
const NEGATION_SCOPE_CHARACTERS = 4;
const CLAUSE_BREAK = /[，,。.；;！!？?、\s]/;

/** Smallest score that classifies a description, so one hint on its own (楼道) does not pick a category. */
const MIN_CATEGORY_SCORE = 2;

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
    const position = firstAffirmedPosition(text, keyword.word);
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
    if (candidate.score < MIN_CATEGORY_SCORE) continue;
    const better =
      !best ||
      candidate.score > best.score ||
      (candidate.score === best.score && candidate.matched.length > best.matched.length);
    if (better) best = candidate;
  }
  return best;
}

/**
 * Tells whether a negation governs the word at `position`: one of NEGATIONS right before it, or one of
 * SCOPED_NEGATIONS at most NEGATION_SCOPE_CHARACTERS earlier in the same clause.
 */
function isNegated(text: string, position: number): boolean {
  const before = text.slice(Math.max(0, position - 2), position);
  if (NEGATIONS.some((negation) => before.endsWith(negation))) return true;

  let clauseStart = position;
  while (clauseStart > 0 && !CLAUSE_BREAK.test(text.charAt(clauseStart - 1))) clauseStart -= 1;
  const clause = text.slice(clauseStart, position);
  for (const negation of SCOPED_NEGATIONS) {
    let at = clause.indexOf(negation);
    while (at >= 0) {
      const gap = clause.length - (at + negation.length);
      const rest = clause.slice(at + negation.length);
      const describesPerson = rest.startsWith('人') || rest.startsWith('有人');
      if (gap <= NEGATION_SCOPE_CHARACTERS && !describesPerson) return true;
      at = clause.indexOf(negation, at + 1);
    }
  }
  return false;
}

/** Returns the position of the first occurrence of `word` that no negation governs, or -1. */
function firstAffirmedPosition(text: string, word: string): number {
  let position = text.indexOf(word);
  while (position >= 0 && isNegated(text, position)) position = text.indexOf(word, position + 1);
  return position;
}

/** Returns the severity words with at least one occurrence that is not negated, in order of that occurrence. */
function severityWordsIn(text: string): { word: string; severity: Severity; position: number }[] {
  const found: { word: string; severity: Severity; position: number }[] = [];
  for (const entry of SEVERITY_WORDS) {
    const position = firstAffirmedPosition(text, entry.word);
    if (position >= 0) found.push({ ...entry, position });
  }
  return found.sort((a, b) => a.position - b.position);
}

const maxSeverity = (a: Severity, b: Severity): Severity => (SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a);

const quoteAll = (words: string[]) => words.map((word) => `“${word}”`).join('');

/**
 * Classifies a description. Keywords match as substrings of the text, so the rules need no word segmentation.
 * A negated occurrence (没有堆放煤气罐) counts neither for the category nor for the severity.
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
        `描述中出现${quoteAll(categoryWords)}，属于${CATEGORY_LABELS[category]}，责任部门：${DEPARTMENT_LABELS[department]}`,
      ]
    : ['描述中未出现任何类别的关键词，归为“其他”，由综治部门研判后分派'];
  if (severityWords.length > 0) {
    parts.push(`出现${quoteAll(severityWords)}，严重程度定为“${SEVERITY_LABELS[severity]}”`);
  } else if (severity !== 'MINOR') {
    parts.push(`严重程度定为“${SEVERITY_LABELS[severity]}”`);
  }
  return { category, severity, department, matchedKeywords, reason: parts.join('；') };
}
