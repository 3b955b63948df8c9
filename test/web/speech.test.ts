import { Document, Packer, Paragraph } from 'docx';
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll, shoot, type Viewport } from './support/browser';
import { LEADER, STAFF, webSuite } from './support/suite';

/**
 * 讲话生成草稿: a leader pastes a speech, sees each proposed directive with its quote, cue, kind, level, rule and
 * steps, edits one and saves it as a draft (POST /api/directives, the 立项 route built beside this page); then
 * uploads the same speech as a .docx. At both sizes; at the phone's nothing scrolls sideways. Screenshots:
 * speech-form, speech-drafts.
 */
const web = webSuite();

const PARAGRAPHS = [
  '同志们：',
  '一、要加强服务站建设',
  '各乡镇要在6月底前完成服务站挂牌：（一）选址；（二）确定人员；（三）上墙公示。',
  '乡镇专职人员每月要把每个村走访一遍，入户了解情况。',
  '今年的工作取得了很大成绩。',
  '二、要加强队伍建设',
  '村（社区）至少选聘2名志愿者。',
];

describe('讲话生成草稿', () => {
  it.each<Viewport>(['desktop', 'phone'])('paste a speech → drafts with quote, cue, kind, level, rule, steps → edit and save one; upload a .docx (%s)', async (viewport) => {
    const page = await web.pageAs(LEADER, viewport, '/speech');
    await page.getByRole('heading', { name: '讲话生成草稿' }).waitFor();
    if (viewport === 'phone') await expectNoHorizontalScroll(page);
    await shoot(page, 'speech-form');
    await expectAccessible(page);

    // Empty text is refused in the form, next to the field.
    await page.getByRole('button', { name: '生成草稿' }).click();
    await expect.poll(() => page.getByText('请粘贴讲话原文，或上传文件').count()).toBe(1);

    await page.getByLabel('讲话名称').fill('全县推进会讲话');
    await page.getByLabel('讲话原文').fill(PARAGRAPHS.join('\n'));
    await page.getByRole('button', { name: '生成草稿' }).click();
    const drafts = page.getByTestId('speech-drafts');
    await expect.poll(() => drafts.innerText().catch(() => ''), { timeout: 30_000 }).toContain('从「全县推进会讲话」提出 3 条草稿');
    const first = page.locator('[data-draft="0"]');
    const text = await first.innerText();
    expect(text).toContain('「各乡镇要在6月底前完成服务站挂牌：（一）选址；（二）确定人员；（三）上墙公示」');
    expect(text).toContain('依据：6月底前');
    expect(text).toContain('位置：§一');
    expect(text).toContain('一次性');
    expect(text).toContain('乡镇街道');
    expect(text).toContain('N日内');
    expect(text).toMatch(/讲话所指日期 \d{4}-06-30/);
    const steps = first.getByRole('textbox', { name: /^步骤 \d$/ });
    expect(await Promise.all((await steps.all()).map((input) => input.inputValue()))).toEqual(['选址', '确定人员', '上墙公示']);
    const second = await page.locator('[data-draft="1"]').innerText();
    expect(second).toContain('依据：每月');
    expect(second).toContain('周期');
    const third = await page.locator('[data-draft="2"]').innerText();
    expect(third).toContain('村社区');
    // The pointer leaves 生成草稿: its hover colour is a passing state, not the page's.
    await page.mouse.move(0, 0);
    if (viewport === 'phone') await expectNoHorizontalScroll(page);
    await shoot(page, 'speech-drafts');
    await expectAccessible(page);

    // Edit the first draft: its name, one step fewer; 保存为草稿 posts the directive body.
    await first.getByLabel('名称').fill('服务站挂牌（6月底前）');
    await first.getByRole('button', { name: '删除步骤 3' }).click();
    const [request] = await Promise.all([page.waitForRequest((r) => r.url().endsWith('/api/directives') && r.method() === 'POST'), first.getByRole('button', { name: '保存为草稿' }).click()]);
    const body = request.postDataJSON();
    expect(body).toMatchObject({
      title: { zh: '服务站挂牌（6月底前）' },
      kinds: ['one-off'],
      sources: [{ kind: 'speech', title: '全县推进会讲话', section: '§一', quote: '各乡镇要在6月底前完成服务站挂牌：（一）选址；（二）确定人员；（三）上墙公示' }],
      targetLevel: 'town',
      steps: [
        { id: 'step-1', title: { zh: '选址' }, provenance: 'text' },
        { id: 'step-2', title: { zh: '确定人员' }, provenance: 'text' },
      ],
      deadline: { rule: { type: 'withinDays' }, provenance: 'text' },
    });
    expect(body).not.toHaveProperty('id');
    // Stored as a draft directive (立项), with the leader's edits.
    expect((await request.response())?.status()).toBe(201);
    await expect.poll(() => first.innerText(), { timeout: 15_000 }).toMatch(/已保存为草稿（[^）]+）/);
    const id = /已保存为草稿（([^）]+)）/.exec(await first.innerText())?.[1] as string;
    const stored = await web.stack.api.get(`/api/directives/${encodeURIComponent(id)}`);
    expect(stored.status).toBe(200);
    expect(JSON.stringify(stored.body)).toContain('服务站挂牌（6月底前）');

    // The same speech as a .docx.
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: PARAGRAPHS.map((p) => new Paragraph(p)) }] }));
    await page.getByLabel('讲话名称').fill('');
    await page.locator('input[type="file"]').setInputFiles({ name: '推进会讲话.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: docx });
    await expect.poll(() => drafts.innerText().catch(() => ''), { timeout: 30_000 }).toContain('从「推进会讲话.docx」提出 3 条草稿');
  });

  it('is not offered to staff', async () => {
    const page = await web.pageAs(STAFF, 'desktop', '/speech');
    await expect.poll(() => page.getByText('无权使用「讲话生成草稿」').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByRole('menuitem', { name: /讲话生成草稿/ }).count()).toBe(0);
  });
});
