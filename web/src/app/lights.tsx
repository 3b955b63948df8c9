import { Badge } from 'antd';
import type { Light } from '../../../domain/lights';
import { zh } from '../i18n/zh-CN';

export type { Light };

/** 红黄绿灯 as antd statuses; null (nothing in scope) is no light, shown grey, never green. */
export const LIGHT_STATUS = { red: 'error', yellow: 'warning', green: 'success' } as const satisfies Record<Light, string>;

export function lightLabel(light: Light | null): string {
  return light ? zh.lights[light] : zh.lights.none;
}

/** The light of a task or a unit, as the API computed it (domain/lights.ts): a dot and its name. */
export function LightBadge({ light, text }: { light: Light | null; text?: string }) {
  return <Badge status={light ? LIGHT_STATUS[light] : 'default'} text={text ?? lightLabel(light)} />;
}
