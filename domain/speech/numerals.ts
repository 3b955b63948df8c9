/** Chinese numerals as speeches write counts, months and days: 一 … 九十九, or Arabic digits (full-width too). */
const DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

export const CN_NUMBER = '[〇零一二两三四五六七八九十]{1,3}';
export const NUMBER = `(?:\\d{1,3}|[０-９]{1,3}|${CN_NUMBER})`;

/** The value of a numeral, or undefined when it is not one (e.g. '十十'). */
export function numberValue(text: string): number | undefined {
  const ascii = text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (/^\d+$/.test(ascii)) return Number(ascii);
  if (!/^[〇零一二两三四五六七八九十]+$/.test(text)) return undefined;
  const ten = text.indexOf('十');
  if (ten < 0) return text.length === 1 ? DIGITS[text] : undefined;
  if (text.indexOf('十', ten + 1) >= 0) return undefined;
  const tens = ten === 0 ? 1 : DIGITS[text.slice(0, ten)];
  const rest = text.slice(ten + 1);
  const ones = rest === '' ? 0 : rest.length === 1 ? DIGITS[rest] : undefined;
  return tens === undefined || ones === undefined || ten > 1 ? undefined : tens * 10 + ones;
}
