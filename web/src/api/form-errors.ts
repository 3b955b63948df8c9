import type { FormInstance } from 'antd';
import { ApiError } from './client';

/**
 * Shows an API refusal next to the field it names: `{error:{field:'dueAt', message}}` → the form's `dueAt` item
 * shows the message. A dotted field (`visit.date`) names a nested item. Returns false when the error names no field
 * the form has, so the caller shows it elsewhere (a message or an Alert).
 */
export function applyApiError(form: FormInstance, err: unknown): boolean {
  if (!(err instanceof ApiError) || !err.field) return false;
  const name = err.field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  // Every field the form has registered, with or without a value.
  const known = form.getFieldsValue() as Record<string, unknown>;
  let cursor: unknown = known;
  for (const part of name) {
    if (cursor === null || typeof cursor !== 'object' || !(part in cursor)) return false;
    cursor = (cursor as Record<string | number, unknown>)[part];
  }
  form.setFields([{ name, errors: [err.message] }]);
  return true;
}
