import { Document, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SPEECH_CHARS } from '../../domain/speech';
import { pdf, png } from '../support/evidence-files';
import type { Api } from '../support/http';
import { SMALL_ORG } from '../support/org';
import type { Person } from '../support/people';
import { startStack, type Stack } from '../support/stack';

const LEADER: Person = { role: 'leader', unitId: 'k1', name: '甲县领导' };
const ADMIN: Person = { role: 'admin', unitId: 'c1', name: '管理员' };

/** A made-up county speech: a dated directive with listed steps, a monthly one, a standing one, and talk. */
const PARAGRAPHS = [
  '同志们：',
  '一、要加强服务站建设',
  '各乡镇要在6月底前完成服务站挂牌：（一）选址；（二）配齐人员；（三）上墙公示。',
  '乡镇专职人员每月要把每个村走访一遍，入户了解情况。',
  '今年的工作取得了很大成绩。',
  '二、要加强队伍建设',
  '村（社区）至少选聘2名志愿者。',
];
const SPEECH = PARAGRAPHS.join('\n');

const form = (bytes: Uint8Array, fileName: string, fields: Record<string, string> = {}) => {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  body.append('file', new Blob([bytes]), fileName);
  return body;
};

describe('POST /api/speeches: drafts from a speech (讲话生成草稿)', () => {
  let stack: Stack;
  let api: Api;

  beforeAll(async () => {
    stack = await startStack(SMALL_ORG);
    api = stack.api.as(LEADER);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('drafts directives from pasted text, each with its verbatim quote, cue, kinds, level, rule, steps and the body to save', async () => {
    const auditBefore = await stack.readModel.audit.count();
    const res = await api.post('/api/speeches', { text: SPEECH, name: '全县推进会讲话', speechDate: '2026-03-10' });
    expect(res.status).toBe(200);
    expect(res.body.source).toEqual({ name: '全县推进会讲话', kind: 'text', characters: SPEECH.length, speechDate: '2026-03-10' });
    const drafts = res.body.drafts as any[];
    expect(drafts.map((d) => d.quote)).toEqual([
      '各乡镇要在6月底前完成服务站挂牌：（一）选址；（二）配齐人员；（三）上墙公示',
      '乡镇专职人员每月要把每个村走访一遍，入户了解情况',
      '村（社区）至少选聘2名志愿者',
    ]);
    for (const d of drafts) expect(SPEECH.slice(d.at, d.at + d.quote.length)).toBe(d.quote);
    expect(drafts[0]).toMatchObject({
      cue: '6月底前',
      kinds: ['one-off', 'standing'],
      targetLevel: 'town',
      section: '§一',
      deadline: { rule: { type: 'withinDays', days: 112 }, provenance: 'text', dueDate: '2026-06-30' },
      steps: ['选址', '配齐人员', '上墙公示'],
    });
    expect(drafts[1]).toMatchObject({ cue: '每月', kinds: ['recurring'], targetLevel: 'town', cadence: { rule: { every: 'month' }, provenance: 'text' } });
    expect(drafts[2]).toMatchObject({ cue: '至少', kinds: ['standing'], targetLevel: 'village', section: '§二' });
    // Each draft carries the body of POST /api/directives: a catalog entry's shape without id and code.
    expect(drafts[0].directive).toMatchObject({
      title: { zh: expect.any(String) },
      kinds: ['one-off', 'standing'],
      sources: [{ kind: 'speech', title: '全县推进会讲话', date: '2026-03-10', section: '§一', quote: drafts[0].quote }],
      targetLevel: 'town',
      steps: [{ id: 'step-1', title: { zh: '选址' }, provenance: 'text' }, { id: 'step-2' }, { id: 'step-3' }],
      evidence: [],
      standards: [],
      deadline: { rule: { type: 'withinDays', days: 112 }, provenance: 'text' },
    });
    expect(drafts[0].directive).not.toHaveProperty('id');
    expect(drafts[0].directive).not.toHaveProperty('code');
    // Proposals only: nothing is stored or audited.
    expect(await stack.readModel.audit.count()).toBe(auditBefore);
  });

  it('drafts save as they are through POST /api/directives (立项), as drafts', async () => {
    const drafts = (await api.post('/api/speeches', { text: SPEECH, name: '全县推进会讲话', speechDate: '2026-03-10' })).body.drafts as any[];
    for (const draft of drafts) {
      const saved = await api.post('/api/directives', draft.directive);
      expect(saved.status, JSON.stringify(saved.body)).toBe(201);
      const stored = await api.get(`/api/directives/${saved.body.id}`);
      expect(stored.status).toBe(200);
      expect(JSON.stringify(stored.body)).toContain(draft.quote);
      expect(JSON.stringify(stored.body)).toContain('"draft"');
    }
  });

  it('reads an uploaded .docx as its paragraphs, with the same drafts as the text', async () => {
    const doc = new Document({ sections: [{ children: PARAGRAPHS.map((p) => new Paragraph(p)) }] });
    const bytes = await Packer.toBuffer(doc);
    const res = await api.post('/api/speeches', form(bytes, '推进会讲话.docx', { speechDate: '2026-03-10' }));
    expect(res.status).toBe(200);
    expect(res.body.source).toMatchObject({ name: '推进会讲话.docx', kind: 'docx' });
    const fromText = (await api.post('/api/speeches', { text: SPEECH, speechDate: '2026-03-10' })).body.drafts as any[];
    expect(res.body.drafts.map((d: any) => [d.quote, d.cue, d.kinds, d.targetLevel, d.steps])).toEqual(
      fromText.map((d) => [d.quote, d.cue, d.kinds, d.targetLevel, d.steps]),
    );
  });

  it('reads an uploaded .txt in UTF-8 (with a byte-order mark) or in GB18030', async () => {
    const utf8 = await api.post('/api/speeches', form(Buffer.from(`\uFEFF${SPEECH.replace(/\n/g, '\r\n')}`, 'utf8'), '讲话.txt'));
    expect(utf8.status).toBe(200);
    expect(utf8.body.source.kind).toBe('txt');
    expect(utf8.body.drafts).toHaveLength(3);
    // 各乡镇要在年底前成立关爱基金。 as a Chinese Windows editor saves it.
    const gb = Buffer.from('b8f7cfe7d5f2d2aad4dac4eab5d7c7b0b3c9c1a2b9d8b0aebbf9bdf0a1a3', 'hex');
    const res = await api.post('/api/speeches', form(gb, '讲话.txt'));
    expect(res.status).toBe(200);
    expect(res.body.drafts).toMatchObject([{ quote: '各乡镇要在年底前成立关爱基金', cue: '年底前', deadline: { rule: { type: 'endOfYear' } } }]);
  });

  it.each([
    ['empty text', { text: '' }, 'text'],
    ['blank text', { text: ' \n　\n' }, 'text'],
    ['text too long', { text: '要'.repeat(MAX_SPEECH_CHARS + 1) }, 'text'],
    ['no text', {}, 'text'],
    ['an unknown field', { text: SPEECH, author: '某人' }, 'author'],
    ['a bad date', { text: SPEECH, speechDate: '2026-13-01' }, 'speechDate'],
  ])('refuses %s with 400 naming the field', async (_name, body, field) => {
    const res = await api.post('/api/speeches', body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', field });
  });

  it.each([
    ['a PNG', () => png(), '讲话.txt', /\.png/],
    ['a PDF', () => pdf('要'), '讲话.pdf', /\.pdf/],
    ['an empty file', () => Buffer.alloc(0), '讲话.txt', /empty/],
    ['binary bytes', () => Buffer.from([0x41, 0x00, 0x42, 0x80, 0x01]), '讲话.txt', /neither a \.docx nor text/],
  ])('refuses %s with 400 on the field file', async (_name, bytes, fileName, message) => {
    const res = await api.post('/api/speeches', form(bytes(), fileName));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', field: 'file', message: expect.stringMatching(message) });
  });

  it('refuses a form without a file, and a body that is neither JSON nor a form', async () => {
    const body = new FormData();
    body.append('name', '讲话');
    const noFile = await api.post('/api/speeches', body);
    expect(noFile.status).toBe(400);
    expect(noFile.body.error.field).toBe('file');
    const plain = await api.post('/api/speeches', SPEECH, { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
  });

  it('is for leaders and the admin: supervisors and staff are refused with 403, no token with 401', async () => {
    expect((await stack.api.as(ADMIN).post('/api/speeches', { text: SPEECH })).status).toBe(200);
    for (const role of ['supervisor', 'staff'] as const) {
      const res = await stack.api.as({ role, unitId: 'k1', name: `${role}@甲县` }).post('/api/speeches', { text: SPEECH });
      expect(res.status, role).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    const upload = await stack.api.as({ role: 'staff', unitId: 'k1', name: '经办人' }).post('/api/speeches', form(Buffer.from(SPEECH), '讲话.txt'));
    expect(upload.status).toBe(403);
    expect((await stack.api.anonymous().post('/api/speeches', { text: SPEECH })).status).toBe(401);
  });
});
