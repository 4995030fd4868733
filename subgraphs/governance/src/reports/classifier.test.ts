import { describe, expect, it } from 'vitest';
import { CATEGORY_RULES, classifyDescription } from './classifier.js';

describe('classifyDescription', () => {
  const cases = [
    { text: '3号楼楼道里堆放了两个煤气罐', category: 'FIRE_HAZARD', department: 'fire' },
    { text: '车棚有人从窗口拉飞线给电动车充电', category: 'FIRE_HAZARD', department: 'fire' },
    { text: '几个初中生在巷子里欺凌一名同学', category: 'SCHOOL_BULLYING', department: 'school' },
    { text: '听说有学生放学后被霸凌', category: 'SCHOOL_BULLYING', department: 'school' },
    { text: '5栋顶楼新加盖了一间违章建筑', category: 'ILLEGAL_CONSTRUCTION', department: 'urban_management' },
    { text: '二房东把两居室隔断成八间出租', category: 'RENTAL_HOUSING', department: 'housing' },
    { text: '小区广场舞音响噪音太大，晚上十点还扰民', category: 'NOISE_DISPUTE', department: 'governance' },
    { text: '超市门口两名男子打架', category: 'PUBLIC_ORDER', department: 'police' },
    { text: '有可疑人员在车库徘徊', category: 'PUBLIC_ORDER', department: 'police' },
  ] as const;

  for (const { text, category, department } of cases) {
    it(`classifies ${text}`, () => {
      const result = classifyDescription(text);
      expect(result.category).toBe(category);
      expect(result.department).toBe(department);
      expect(result.matchedKeywords.length).toBeGreaterThan(0);
      for (const word of result.matchedKeywords) expect(text).toContain(word);
    });
  }

  it('classifies active fire as critical', () => {
    for (const text of ['邻居家着火了，浓烟很大', '仓库失火', '厂房发生火灾', '楼下起火了']) {
      const result = classifyDescription(text);
      expect(result.category, text).toBe('FIRE_HAZARD');
      expect(result.department, text).toBe('fire');
      expect(result.severity, text).toBe('CRITICAL');
    }
    expect(classifyDescription('邻居家着火了，浓烟很大').matchedKeywords).toEqual(['着火', '浓烟']);
  });

  it('rates smoke without fire lower', () => {
    const smoke = classifyDescription('配电箱冒烟');
    expect(smoke.category).toBe('FIRE_HAZARD');
    expect(smoke.severity).toBe('SERIOUS');
    const smell = classifyDescription('走廊里有烟味');
    expect(smell.category).toBe('FIRE_HAZARD');
    expect(smell.severity).toBe('MINOR');
  });

  it('ignores negated category keywords', () => {
    const result = classifyDescription('楼道里没有堆放煤气罐，已清理干净');
    expect(result.category).toBe('OTHER');
    expect(result.matchedKeywords).toEqual([]);
    expect(classifyDescription('现场未发现打架').category).toBe('OTHER');
    expect(classifyDescription('没有群租').category).toBe('OTHER');
  });

  it('counts keywords outside the negated clause', () => {
    const result = classifyDescription('楼道里没有杂物，但303门口堆放了煤气罐');
    expect(result.category).toBe('FIRE_HAZARD');
    expect(result.matchedKeywords).toEqual(['楼道', '堆放', '煤气罐']);
  });

  it('keeps hazards nobody looks after', () => {
    expect(classifyDescription('没有人管的煤气罐放在楼道').category).toBe('FIRE_HAZARD');
    expect(classifyDescription('没人管的飞线').category).toBe('FIRE_HAZARD');
  });

  it('needs more than one hint', () => {
    expect(classifyDescription('楼道灯坏了').category).toBe('OTHER');
  });

  it('names the responsible department without a lead', () => {
    const result = classifyDescription('楼道里堆放煤气罐');
    expect(result.reason).toContain('责任部门：消防部门');
    expect(result.reason).not.toContain('牵头');
  });

  it('names keywords and category in reason', () => {
    const result = classifyDescription('楼道里堆放煤气罐');
    expect(result.matchedKeywords).toEqual(['楼道', '堆放', '煤气罐']);
    expect(result.reason).toContain('“楼道”');
    expect(result.reason).toContain('“煤气罐”');
    expect(result.reason).toContain('消防安全隐患');
    expect(result.severity).toBe('MINOR');
  });

  it('falls back to OTHER without keywords', () => {
    const result = classifyDescription('路灯坏了，晚上很黑');
    expect(result).toEqual({
      category: 'OTHER',
      severity: 'MINOR',
      department: 'governance',
      matchedKeywords: [],
      reason: expect.stringContaining('未出现任何类别的关键词'),
    });
  });

  it('raises severity for danger words', () => {
    expect(classifyDescription('楼道里的煤气罐起火了').severity).toBe('CRITICAL');
    expect(classifyDescription('楼道电动车充电冒烟').severity).toBe('SERIOUS');
    expect(classifyDescription('有人持刀打架').severity).toBe('CRITICAL');
    const extortion = classifyDescription('高年级学生勒索同学零花钱');
    expect(extortion.category).toBe('SCHOOL_BULLYING');
    expect(extortion.severity).toBe('SERIOUS');
    expect(extortion.reason).toContain('较重');
  });

  it('ignores negated danger words', () => {
    expect(classifyDescription('楼道堆放煤气罐，目前没有起火').severity).toBe('MINOR');
    expect(classifyDescription('两人打架，无人受伤').severity).toBe('MINOR');
    expect(classifyDescription('两人打架，无人受伤，但有人持刀').severity).toBe('CRITICAL');
  });

  it('prefers strong keywords over hints', () => {
    // 校园 hints at bullying (1), 噪音 and 扰民 name a noise dispute (2 each).
    const result = classifyDescription('校园旁工地夜间施工噪音扰民');
    expect(result.category).toBe('NOISE_DISPUTE');
    expect(result.matchedKeywords).toEqual(['噪音', '扰民']);
  });

  it('breaks ties by table order', () => {
    // One strong keyword each: 飞线 (fire, first in the table) and 群租 (rental).
    const first = classifyDescription('群租房里有飞线');
    const second = classifyDescription('飞线拉到群租房');
    expect(first.category).toBe('FIRE_HAZARD');
    expect(second.category).toBe('FIRE_HAZARD');
  });

  it('prefers more matches on equal score', () => {
    // Fire: 楼道 + 堆放 (two hints, score 2). Rental: 群租 (one strong keyword, score 2).
    expect(classifyDescription('群租户在楼道堆放').category).toBe('FIRE_HAZARD');
  });

  it('normalizes full-width text', () => {
    expect(classifyDescription('Ｂ栋楼道有煤气罐').category).toBe('FIRE_HAZARD');
  });

  it('has keywords unique within each rule', () => {
    for (const rule of CATEGORY_RULES) {
      const words = rule.keywords.map((keyword) => keyword.word);
      expect(new Set(words).size).toBe(words.length);
    }
  });
});
