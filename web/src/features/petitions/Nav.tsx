import { Tabs } from 'antd';
import { useNavigate } from 'react-router';
import { zh } from '../../i18n/zh-CN';

/** The two halves of 信访: cases and 再排查 campaigns. */
export function PetitionsNav({ active }: { active: 'cases' | 'campaigns' }) {
  const navigate = useNavigate();
  return (
    <Tabs
      activeKey={active}
      onChange={(key) => void navigate(key === 'cases' ? '/petitions' : '/petitions/campaigns')}
      items={[
        { key: 'cases', label: zh.petitions.tabCases },
        { key: 'campaigns', label: zh.petitions.tabCampaigns },
      ]}
    />
  );
}
