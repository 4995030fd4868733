/**
 * Generated names and phone numbers for demo data. Every name is put together from character lists, so no record
 * describes a real person, road or company.
 */
import { chance, pickOne, pickWeighted, type Random } from './sampling.js';

export type Sex = 'MALE' | 'FEMALE';

/** Surnames with rough relative frequencies. Jiangnan surnames (沈, 陆, 顾, 钱) weigh more than their national rank. */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 7],
  ['李', 6],
  ['张', 6],
  ['陈', 6],
  ['刘', 4],
  ['杨', 3],
  ['黄', 3],
  ['赵', 3],
  ['吴', 4],
  ['周', 4],
  ['徐', 4],
  ['孙', 3],
  ['朱', 3],
  ['沈', 3],
  ['陆', 3],
  ['顾', 2],
  ['钱', 2],
  ['金', 2],
  ['许', 2],
  ['蒋', 2],
  ['马', 2],
  ['胡', 2],
  ['郭', 2],
  ['何', 2],
  ['高', 2],
  ['林', 2],
  ['姚', 1],
  ['费', 1],
  ['凌', 1],
  ['施', 1],
  ['严', 1],
  ['戴', 1],
  ['汤', 1],
  ['范', 1],
  ['汪', 1],
  ['潘', 1],
  ['袁', 1],
  ['董', 1],
  ['叶', 1],
  ['程', 1],
  ['曹', 1],
  ['邓', 1],
  ['宋', 1],
  ['唐', 1],
  ['韩', 1],
  ['冯', 1],
  ['谢', 1],
  ['罗', 1],
  ['郑', 1],
  ['梁', 1],
  ['丁', 1],
  ['魏', 1],
  ['欧阳', 0.2],
  ['司马', 0.1],
];

/** Characters of given names, by the sex they are usually given to. */
export const GIVEN_NAME_CHARACTERS: Readonly<Record<Sex, string>> = {
  MALE: '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙阳建国峰文亮成志海东锋晨昊轩皓',
  FEMALE: '芳娜敏静丽艳娟霞燕玲英红梅琳婷雪慧佳倩颖洁蓉萍莉琴云楠欣怡璐丹露瑶菲雯婉',
};

/** First characters of two-character given names, used for either sex. */
export const SHARED_FIRST_CHARACTERS = '晓子思雨家嘉宇文明春秋海小永志立佳一天';

/** Returns the surname of a generated name, recognising the two-character surnames of the list. */
export function surnameOf(name: string): string {
  const double = SURNAMES.find(([surname]) => surname.length === 2 && name.startsWith(surname));
  return double ? double[0] : name.slice(0, 1);
}

/** Generates a full name: a surname (drawn unless given) and a one- or two-character given name fitting `sex`. */
export function personName(sex: Sex, random: Random, surname = pickWeighted(SURNAMES, random)): string {
  const own = [...GIVEN_NAME_CHARACTERS[sex]];
  if (chance(0.25, random)) return `${surname}${pickOne(own, random)}`;

  const first = pickOne([...SHARED_FIRST_CHARACTERS, ...own], random);
  let second = pickOne(own, random);
  // A doubled character (婷婷) is a real pattern but reads like a nickname, so only one in ten is kept.
  if (second === first && !chance(0.1, random))
    second = pickOne(
      own.filter((c) => c !== first),
      random,
    );
  return `${surname}${first}${second}`;
}

/** Prefixes of mainland Chinese mobile numbers in use. */
const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '173',
  '175',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '193',
  '195',
  '198',
  '199',
];

/** Generates an 11-digit mobile number matching `^1[3-9][0-9]{9}$`. */
export function phoneNumber(random: Random): string {
  const prefix = pickOne(MOBILE_PREFIXES, random);
  return `${prefix}${String(random.integer(0, 99_999_999)).padStart(8, '0')}`;
}

const ROAD_FIRST = '东西南北中新长文青花柳桃荷湖江河云松丝绸鲈笠莼梅兰竹菱荻芦枫';
const ROAD_SECOND = '安平和兴华泰康宁盛通源湾桥浜荡港塘园林苑';
const ROAD_SUFFIXES: readonly (readonly [string, number])[] = [
  ['路', 60],
  ['街', 15],
  ['巷', 10],
  ['弄', 10],
  ['大道', 5],
];

/** Generates a road name such as 柳兴路 or 菱塘巷. */
export function roadName(random: Random): string {
  const first = pickOne([...ROAD_FIRST], random);
  const second = pickOne([...ROAD_SECOND], random);
  return `${first}${second}${pickWeighted(ROAD_SUFFIXES, random)}`;
}

const TRADE_NAME_CHARACTERS = '恒盛鑫源泰华丰隆达通宏远新锦瑞祥永嘉德顺兴安和信昌福宝金龙凯博腾天宇诚佳美亿立荣';
const INDUSTRIES = [
  '纺织',
  '丝绸',
  '化纤',
  '服饰',
  '家纺',
  '印染',
  '电子',
  '光电',
  '电缆',
  '机械',
  '五金',
  '建材',
  '物流',
  '贸易',
  '包装',
  '科技',
  '餐饮管理',
  '物业管理',
  '汽车服务',
  '装饰工程',
];

/** Legal form of an enterprise: companies and individually owned businesses (个体工商户) differ in credit codes. */
export type EnterpriseForm = 'COMPANY' | 'INDIVIDUAL_BUSINESS';

/** Generates a company name such as 吴江区恒盛纺织有限公司 or 嘉善县瑞祥五金商行. */
export function enterpriseName(districtName: string, form: EnterpriseForm, random: Random): string {
  const characters = [...TRADE_NAME_CHARACTERS];
  const first = pickOne(characters, random);
  const second = pickOne(
    characters.filter((c) => c !== first),
    random,
  );
  const industry = pickOne(INDUSTRIES, random);
  const suffix =
    form === 'COMPANY'
      ? pickWeighted(
          [
            ['有限公司', 85],
            ['有限责任公司', 12],
            ['股份有限公司', 3],
          ],
          random,
        )
      : pickOne(['商行', '经营部', '店'], random);
  return `${districtName}${first}${second}${industry}${suffix}`;
}

/** Names the police station of a street: 松陵街道 → 松陵派出所, 吴江经济技术开发区 → 吴江经济技术开发区派出所. */
export function policeStationName(streetName: string): string {
  return `${streetName.replace(/(街道|镇|乡)$/, '')}派出所`;
}
