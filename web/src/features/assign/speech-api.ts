import type { SpeechDraft } from '../../../../domain/speech/extract';
import type { DirectiveBody } from '../../../../domain/speech/to-directive';
import { api } from '../../api/client';

/** POST /api/speeches: the drafts, each with the POST /api/directives body it proposes. */
export interface SpeechReply {
  source: { name: string; kind: 'text' | 'txt' | 'docx'; characters: number; speechDate: string };
  count: number;
  drafts: Array<SpeechDraft & { directive: DirectiveBody }>;
}

export interface SpeechFields {
  name?: string;
  speechDate?: string;
}

export const speechApi = {
  fromText: (text: string, fields: SpeechFields) => api.post<SpeechReply>('/api/speeches', { text, ...fields }),
  fromFile: (file: File, fields: SpeechFields) => {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) if (value) form.append(key, value);
    form.append('file', file, file.name);
    return api.post<SpeechReply>('/api/speeches', form);
  },
  /**
   * 保存为草稿: POST /api/directives (立项): the draft directive as the catalog shapes it, without id and code. The
   * key makes a double click one directive. Answers the stored directive's id.
   */
  saveDraft: (body: DirectiveBody, idempotencyKey: string) =>
    api.post<{ id: string }>('/api/directives', body, { headers: { 'Idempotency-Key': idempotencyKey } }),
};
