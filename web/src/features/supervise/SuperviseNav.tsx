import { Flex, Segmented, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { zh } from '../../i18n/zh-CN';
import { usePerson } from '../session/session';
import { roleMay } from './oversight';

const s = zh.supervise;

/** 督办's two lists: the overdue, and (for those who decide them) the extension requests waiting. */
export function SuperviseNav({ current }: { current: 'overdue' | 'extensions' }) {
  const person = usePerson();
  const navigate = useNavigate();
  const decides = roleMay(person.role, 'decideExtension');
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {s.title}
      </Typography.Title>
      {decides && (
        <Segmented
          value={current}
          size="large"
          onChange={(value) => void navigate(value === 'overdue' ? '/supervise' : '/supervise/extensions')}
          options={[
            { value: 'overdue', label: s.overdue },
            { value: 'extensions', label: s.extensions },
          ]}
        />
      )}
    </Flex>
  );
}
