import { Badge } from 'antd';
import { zh } from '../../i18n/zh-CN';
import type { Light } from './format';

const STATUS = { red: 'error', yellow: 'warning', green: 'success' } as const;

/** A 红黄绿灯 with its name beside it (colour alone is not enough for everyone). */
export function TaskLight({ light, showText = true }: { light: Light; showText?: boolean }) {
  return <Badge status={STATUS[light]} text={showText ? zh.lights[light] : undefined} aria-label={zh.lights[light]} />;
}
