import { Badge } from 'antd';
import { LIGHT_STATUS, LightBadge, lightLabel } from '../../app/lights';
import type { Light } from './format';

/**
 * A task's 红黄绿灯: the shell's LightBadge (a dot and its name); in a phone's narrow row the dot alone, its name
 * kept for screen readers.
 */
export function TaskLight({ light, showText = true }: { light: Light; showText?: boolean }) {
  if (showText) return <LightBadge light={light} />;
  return <Badge status={LIGHT_STATUS[light]} aria-label={lightLabel(light)} />;
}
