import { Typography } from 'antd';
import { zh } from '../../i18n/zh-CN';

export function DashboardPage() {
  return <Typography.Title level={2}>{zh.dashboard.title}</Typography.Title>;
}
