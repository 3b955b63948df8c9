import { CameraOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Space, Upload, type UploadFile, type UploadProps } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { applyApiError } from '../../api/form-errors';
import { zh } from '../../i18n/zh-CN';
import { tasksApi, type EvidenceUpload, type TaskDetail, type TaskStep, type VisitRecord } from './api';

const t = zh.tasks;

/** The kinds POST /api/evidence takes besides images: PDF and Office/WPS/ODF documents. */
const DOCUMENTS = '.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et,.dps,.odt,.ods,.odp,image/*';

interface Values {
  note?: string;
  visit?: VisitRecord;
}

export interface StepFormProps {
  task: TaskDetail;
  step: TaskStep;
  /** The monthly rounds: the step is completed with a visit record, dated within [from, to]. */
  visitPeriod?: { from: string; to: string };
  onDone: (task: TaskDetail) => void;
  onCancel: () => void;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Completing a step: a note, evidence (a photo straight from the phone's camera, or a file) uploaded as it is picked,
 * and for the monthly rounds the visit record. The API's refusal of a field (visit.date outside the task's period,
 * evidence.2 not the unit's upload) shows next to that field.
 */
export function StepForm({ task, step, visitPeriod, onDone, onCancel }: StepFormProps) {
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile<EvidenceUpload>[]>([]);
  const [evidenceError, setEvidenceError] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const [saving, setSaving] = useState(false);

  const upload: UploadProps<EvidenceUpload>['customRequest'] = ({ file, onSuccess, onError }) => {
    setEvidenceError(undefined);
    tasksApi.uploadEvidence(file as File, task.id).then(
      (uploaded) => onSuccess?.(uploaded),
      (err: unknown) => {
        const name = (file as File).name ?? '';
        setEvidenceError(t.uploadFailed(name, messageOf(err)));
        onError?.(err instanceof Error ? err : new Error(messageOf(err)));
      },
    );
  };
  const common: UploadProps<EvidenceUpload> = {
    fileList: files,
    customRequest: upload,
    onChange: ({ fileList }) => setFiles(fileList),
    multiple: true,
  };

  const uploading = files.some((f) => f.status === 'uploading');

  async function submit(values: Values) {
    setFormError(undefined);
    setEvidenceError(undefined);
    if (uploading) {
      setEvidenceError(t.waitUploads);
      return;
    }
    const evidence = files.flatMap((f) => (f.status === 'done' && f.response ? [f.response.sha256] : []));
    setSaving(true);
    try {
      const after = await tasksApi.completeStep(task.id, step.id, {
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
        ...(evidence.length ? { evidence } : {}),
        ...(values.visit ? { visit: values.visit } : {}),
      });
      onDone(after);
    } catch (err) {
      if (err instanceof ApiError && err.field?.startsWith('evidence')) setEvidenceError(err.message);
      else if (!applyApiError(form, err)) setFormError(messageOf(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false} noValidate aria-label={t.completeTitle(step.title)}>
      {visitPeriod && (
        <>
          <Form.Item
            name={['visit', 'date']}
            label={t.visit.date}
            extra={t.visit.dateHint(visitPeriod.from, visitPeriod.to)}
            rules={[{ required: true, message: t.visit.required }]}
          >
            <Input type="date" min={visitPeriod.from} max={visitPeriod.to} size="large" />
          </Form.Item>
          <Form.Item name={['visit', 'visitors']} label={t.visit.visitors} rules={[{ required: true, whitespace: true, message: t.visit.required }]}>
            <Input placeholder={t.visit.visitorsPlaceholder} maxLength={200} size="large" />
          </Form.Item>
          <Form.Item name={['visit', 'findings']} label={t.visit.findings} rules={[{ required: true, whitespace: true, message: t.visit.required }]}>
            <Input.TextArea placeholder={t.visit.findingsPlaceholder} maxLength={2000} rows={3} />
          </Form.Item>
        </>
      )}
      <Form.Item name="note" label={t.note}>
        <Input.TextArea placeholder={t.notePlaceholder} maxLength={2000} rows={2} />
      </Form.Item>
      <Form.Item
        label={t.evidence}
        extra={t.evidenceHint}
        validateStatus={evidenceError ? 'error' : undefined}
        help={evidenceError}
      >
        <Upload {...common} listType="picture-card" accept="image/*" capture="environment">
          <button type="button" style={{ border: 0, background: 'none', cursor: 'pointer', minHeight: 44 }}>
            <CameraOutlined style={{ fontSize: 20 }} />
            <div>{t.takePhoto}</div>
          </button>
        </Upload>
        <Upload {...common} accept={DOCUMENTS} showUploadList={false}>
          <Button icon={<PaperClipOutlined />} style={{ minHeight: 44 }}>
            {t.chooseFile}
          </Button>
        </Upload>
      </Form.Item>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={saving} disabled={uploading} size="large">
          {uploading ? t.uploading : t.submit}
        </Button>
        <Button onClick={onCancel} size="large">
          {t.cancel}
        </Button>
      </Space>
    </Form>
  );
}
