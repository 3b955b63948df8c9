import { ID_PATTERN } from './ids';

/**
 * 信访事项编号: the numbers offices really give their cases — 延信2026第12号, 延信〔2026〕12号, XF-2026-001 — so Chinese
 * characters (第, 号, the office's short name), digits, Latin letters, '-', '_', '.', and the brackets of a 文号
 * (〔〕, （）). Never whitespace, control characters, slashes or anything else a path, a log line or a workflow id could
 * read differently. At most 64 characters (ASCII ids keep their old 128).
 */
const CASE_ID_PATTERN = /^[\p{Script=Han}A-Za-z0-9][\p{Script=Han}A-Za-z0-9_.\-〔〕（）]{0,63}$/u;

export const CASE_ID_RULE = "use Chinese characters, letters, digits, '-', '_', '.', 〔〕 or （）, starting with a character or digit, at most 64 characters";

export function isCaseId(id: string): boolean {
  return ID_PATTERN.test(id) || CASE_ID_PATTERN.test(id);
}

/**
 * The case number as it appears in its workflow id: an ASCII id as it is (the ids of cases already running keep
 * their workflow), any other percent-encoded (UTF-8), so the workflow id stays ASCII. The mapping is one-to-one
 * without a hash: an encoded id always holds '%', which an ASCII id never does.
 */
export function caseIdKey(caseId: string): string {
  return ID_PATTERN.test(caseId) ? caseId : encodeURIComponent(caseId);
}
