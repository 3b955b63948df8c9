import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { applyApiError } from '../../api/form-errors';
import { zh } from '../../i18n/zh-CN';
import { calendarApi, type ArrangementEntry, type YearCalendar } from './api';

const t = zh.calendar;

/** What the form starts from: the year's days as the calendar shows them now, so an admin checks rather than types. */
function initialEntry(cal: YearCalendar): ArrangementEntry {
  return {
    notice: {
      title: cal.arrangement.notice?.title ?? `国务院办公厅关于${cal.year}年部分节假日安排的通知`,
      date: cal.arrangement.notice?.date ?? '',
    },
    holidays: cal.holidays.map((h) => ({ name: h.name, start: h.start, end: h.end })),
    workdays: (cal.makeUpWorkdays ?? []).map((m) => m.date),
  };
}

/**
 * 年度放假安排录入 (admins): the notice's title and date, each break and each 调休 上班 day. The API checks it and
 * names the field at fault, which is shown next to it (applyApiError).
 */
export function ArrangementForm({ cal, onSaved }: { cal: YearCalendar; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ArrangementEntry>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string>();
  const { message } = App.useApp();
  const label = cal.arrangement.notice ? t.editArrangement(cal.year) : t.enterArrangement(cal.year);

  if (!open)
    return (
      <div>
        <Button onClick={() => setOpen(true)} data-testid="arrangement-open">
          {label}
        </Button>
      </div>
    );

  async function save() {
    setFormError(undefined);
    let values: ArrangementEntry;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const saved = await calendarApi.enterArrangement(cal.year, { ...values, holidays: values.holidays ?? [], workdays: values.workdays ?? [] });
      void message.success(t.saved(cal.year, saved.version));
      setOpen(false);
      onSaved();
    } catch (err) {
      if (!applyApiError(form, err)) setFormError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  }

  const required = [{ required: true, message: t.required }];
  return (
    <Card size="small" title={<span style={{ whiteSpace: 'normal' }}>{t.formTitle(cal.year)}</span>}>
      <Typography.Paragraph type="secondary">{t.formHelp}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false} noValidate initialValues={initialEntry(cal)} aria-label={t.formTitle(cal.year)}>
        <Flex wrap gap="small">
          <Form.Item name={['notice', 'title']} label={t.noticeTitle} rules={required} style={{ flex: '1 1 320px', minWidth: 0 }}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name={['notice', 'date']} label={t.noticeDate} rules={required} style={{ flex: '0 1 180px' }}>
            <Input type="date" />
          </Form.Item>
        </Flex>
        <Typography.Text strong>{t.holidaysLabel}</Typography.Text>
        <Form.List name="holidays">
          {(fields, { add, remove }) => (
            <Flex vertical gap={4} style={{ margin: '8px 0 16px' }}>
              {fields.map((field, i) => (
                <Flex key={field.key} wrap gap="small" align="start" role="group" aria-label={`${t.holidaysLabel} ${i + 1}`}>
                  <Form.Item name={[field.name, 'name']} rules={required} style={{ flex: '1 1 100px', marginBottom: 8, minWidth: 0 }}>
                    <Input placeholder={t.holidayName} aria-label={`${t.holidayName} ${i + 1}`} maxLength={40} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'start']} rules={required} style={{ flex: '1 1 130px', marginBottom: 8 }}>
                    <Input type="date" aria-label={`${t.holidayStart} ${i + 1}`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'end']} rules={required} style={{ flex: '1 1 130px', marginBottom: 8 }}>
                    <Input type="date" aria-label={`${t.holidayEnd} ${i + 1}`} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} aria-label={`${t.remove} ${t.holidaysLabel} ${i + 1}`} title={t.remove} onClick={() => remove(field.name)} />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', start: '', end: '' })}>
                {t.addHoliday}
              </Button>
            </Flex>
          )}
        </Form.List>
        <Typography.Text strong>{t.workdaysLabel}</Typography.Text>
        <Form.List name="workdays">
          {(fields, { add, remove }) => (
            <Flex vertical gap={4} style={{ margin: '8px 0 16px' }}>
              <Flex wrap gap="small">
                {fields.map((field, i) => (
                  // Not noStyle: the item shows its own error (a refused 上班 day is named by the API).
                  <Flex key={field.key} gap={4} align="start" style={{ width: 220, maxWidth: '100%' }}>
                    <Form.Item name={field.name} rules={required} style={{ flex: 1, marginBottom: 8 }}>
                      <Input type="date" aria-label={`${t.workday} ${i + 1}`} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} aria-label={`${t.remove} ${t.workday} ${i + 1}`} title={t.remove} onClick={() => remove(field.name)} />
                  </Flex>
                ))}
              </Flex>
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')}>
                {t.addWorkday}
              </Button>
            </Flex>
          )}
        </Form.List>
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="arrangement-error" />}
        <Space wrap>
          <Button type="primary" loading={saving} onClick={() => void save()} size="large">
            {t.save}
          </Button>
          <Button onClick={() => setOpen(false)} size="large">
            {t.cancel}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
