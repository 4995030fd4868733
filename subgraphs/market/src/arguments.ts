import { isValidCreditCode } from '@lianfang/identifiers';
import { badUserInput } from '@lianfang/subgraph-kit';

/**
 * Rejects a malformed unified social credit code (GB 32100-2015): 18 characters from digits and upper-case letters
 * without I, O, S, V and Z, with a check character at the end.
 */
export function assertCreditCode(code: string, argument = 'creditCode'): void {
  if (isValidCreditCode(code)) return;
  const format = '18 位，由数字和除 I、O、S、V、Z 外的大写字母组成，第 3 到 8 位为行政区划代码，第 18 位为校验位';
  const wellFormed = /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code);
  throw badUserInput(
    wellFormed
      ? `${argument} 的校验位不正确，收到 ${JSON.stringify(code)}；请核对代码（格式：${format}）`
      : `${argument} 须为统一社会信用代码（${format}），收到 ${JSON.stringify(code)}`,
    { argument },
  );
}
