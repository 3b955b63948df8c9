import { Alert, Descriptions, Typography } from 'antd';
import { zh } from '../../i18n/zh-CN';
import type { YearCalendar } from './api';

const t = zh.calendar;

/**
 * Where the year's holiday arrangement comes from — the built-in library, a notice an admin entered (who, when), or
 * nothing yet — and, when the library and an entered notice disagree, every day they disagree on, with which one is
 * used. Nobody should have to guess why a deadline falls where it does.
 */
export function ArrangementSource({ cal }: { cal: YearCalendar }) {
  const { arrangement, disagreement } = cal;
  const { notice } = arrangement;
  const source =
    arrangement.basis === 'notice' && notice
      ? t.sourceNotice(notice.title, notice.date)
      : arrangement.basis === 'library'
        ? t.sourceLibrary(arrangement.source)
        : t.sourceStatute;
  const state = (s: 'working' | 'off') => (s === 'working' ? t.working : t.off);
  return (
    <>
      <Descriptions
        size="small"
        column={1}
        data-testid="arrangement-source"
        items={[
          { key: 'source', label: t.arrangementSource, children: <span style={{ whiteSpace: 'normal' }}>{source}</span> },
          ...(notice
            ? [
                {
                  key: 'entered',
                  label: t.entered,
                  children: (
                    <Typography.Text type="secondary" style={{ whiteSpace: 'normal' }}>
                      {arrangement.basis === 'library' ? `${t.sourceNotice(notice.title, notice.date)} · ${t.noticeAgrees}` : null}
                      {arrangement.basis === 'library' ? ' · ' : null}
                      {t.enteredBy(notice.enteredBy, notice.enteredAt.slice(0, 10), notice.version)}
                    </Typography.Text>
                  ),
                },
              ]
            : []),
        ]}
      />
      {disagreement.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid="arrangement-disagreement"
          title={t.disagreementTitle(disagreement.length)}
          description={
            <>
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {disagreement.map((d) => (
                  <li key={d.date}>{t.disagreementDay(d.date, state(d.library), state(d.entered))}</li>
                ))}
              </ul>
              <Typography.Paragraph style={{ margin: '8px 0 0' }}>{t.disagreementHelp}</Typography.Paragraph>
            </>
          }
        />
      )}
    </>
  );
}
