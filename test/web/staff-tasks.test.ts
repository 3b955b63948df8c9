import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { crc32 } from 'node:zlib';
import { eventually } from '../support/temporal';
import { expectAccessible, expectNoHorizontalScroll, shoot, until } from './support/browser';
import { STAFF, webSuite } from './support/suite';

/**
 * Journey 2: a town's staff member (张专干) on a phone — 我的任务 → the monthly rounds task → record a visit with a
 * photo taken on the spot → the step shows done with its thumbnail → request an extension. Against the real stack:
 * the dev server's Temporal, a worker, the API serving the built app, Chromium.
 */
const web = webSuite();

const ROUNDS = 'monthly-village-rounds';
const ROUNDS_TITLE = '专职人员每月把每个社区、村跑一遍';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A 48×48 RGB PNG (a gradient), the kind of photo a phone's camera hands the page, only smaller. */
function photo(): Buffer {
  const size = 48;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.writeUInt8(8, 8);
  header.writeUInt8(2, 9);
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0);
    for (let x = 0; x < size; x++) rows.push(40 + x * 4, 120 + y * 2, 200 - x * 2);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Today and a day in Shanghai, as the visit form's date input takes them. */
const shanghaiDay = (offsetDays = 0) => new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** Whether every control matched is at least 44 px high (a finger's target). */
async function expectTouchTargets(page: Page, selector: string): Promise<void> {
  const heights = await page.locator(selector).evaluateAll((elements) => elements.map((e) => e.getBoundingClientRect().height));
  expect(heights.length, `no ${selector} on the page`).toBeGreaterThan(0);
  for (const h of heights) expect(h, `${selector} is ${h}px high`).toBeGreaterThanOrEqual(44);
}

describe('journey 2: staff on a phone record a visit with a photo and ask for more time', () => {
  it('goes from 我的任务 to the rounds task, records a visit with a photo, sees it done with its thumbnail, and requests an extension', async () => {
    // The city assigns this month's rounds to 张专干's town (宝塔区中川街道): one step per village and community.
    const created = await web.stack.api.post('/api/assignments', { directiveId: ROUNDS, scopeUnitId: STAFF.unitId });
    expect(created.status).toBe(201);
    const [listed] = (await web.stack.api.get(`/api/tasks?assignmentId=${created.body.id}`)).body.tasks;
    const task = await eventually(async () => (await web.stack.api.get(`/api/tasks/${listed.id}`)).body, (t) => t.history !== undefined);
    const firstStep = task.steps[0] as { id: string; title: string };

    const page = await web.pageAs(STAFF, 'phone', '/tasks');
    await page.getByRole('heading', { name: '我的任务' }).waitFor();
    const row = page.getByTestId('task-row').filter({ hasText: ROUNDS_TITLE });
    await row.waitFor();
    await expectNoHorizontalScroll(page);
    await expectTouchTargets(page, '[data-testid="task-row"]');
    await expectAccessible(page);
    await shoot(page, 'journey2-my-tasks');

    // A notification's link lands here too: /tasks/:id.
    await row.click();
    await page.waitForURL(`**/tasks/${encodeURIComponent(task.id)}`);
    await page.getByTestId('task-page').waitFor();
    await page.getByRole('heading', { name: ROUNDS_TITLE }).waitFor();
    await expectNoHorizontalScroll(page);

    const step = page.getByTestId(`step-${firstStep.id}`);
    await step.getByRole('button', { name: '完成此步' }).click();
    const dialog = page.getByRole('form', { name: `完成：${firstStep.title}` });
    await dialog.getByLabel('走访日期').waitFor();
    await expectNoHorizontalScroll(page);

    // The photo, as the camera hands it to the page: the upload input asks for the rear camera.
    const camera = dialog.locator('input[type="file"][capture="environment"]');
    expect(await camera.getAttribute('accept')).toBe('image/*');
    await camera.setInputFiles({ name: 'visit.png', mimeType: 'image/png', buffer: photo() });
    await dialog.locator('.ant-upload-list-item-done, .ant-upload-list-item:not(.ant-upload-list-item-uploading)').first().waitFor();

    // A visit dated before the task's period (typed, past the picker's range) is refused by the API, and the refusal
    // shows next to the date.
    await dialog.getByLabel('走访日期').fill(shanghaiDay(-40));
    await dialog.getByLabel('走访人员').fill('张专干、村支书');
    await dialog.getByLabel('走访情况').fill('走访退役军人3户，了解生活困难，已登记');
    await dialog.getByRole('button', { name: /^提\s?交$/ }).click();
    const dateItem = dialog.locator('.ant-form-item').filter({ has: page.getByLabel('走访日期') });
    await dateItem.getByText(/visit\.date: must lie in the task's period/).waitFor();
    await shoot(page, 'journey2-visit-refused');
    // The refused submit leaves the button ready, with no spinner left on it (antd's animated loading icon once stayed).
    await until(() => dialog.locator('button[type="submit"] .anticon-loading').count()).toBe(0);

    await dialog.getByLabel('走访日期').fill(shanghaiDay());
    await dialog.getByRole('button', { name: /^提\s?交$/ }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Done, with who did it, the visit and the photo's thumbnail (served by the API with the session cookie).
    await step.getByText('走访记录').waitFor();
    await expect.poll(() => step.getByLabel('已完成').count()).toBe(1);
    const thumb = step.getByTestId('evidence-thumbs').locator('img').first();
    await thumb.waitFor();
    await expect.poll(() => thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(48);
    const stored = (await web.stack.api.get(`/api/tasks/${task.id}`)).body.steps[0];
    expect(stored).toMatchObject({ done: true, completedBy: STAFF.name, visit: { date: shanghaiDay(), visitors: '张专干、村支书' }, evidence: [{ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }] });
    await expectNoHorizontalScroll(page);

    // 延期申请, for a week past the deadline.
    await page.getByRole('button', { name: '申请延期' }).click();
    const extension = page.getByRole('form', { name: '延期申请' });
    await extension.getByLabel('延期理由').fill('村组分散，雨雪天气道路不通');
    const asked = new Date(Date.parse(task.dueAt) + 7 * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
    await extension.getByLabel('申请延至').fill(asked);
    await extension.getByRole('button', { name: /^提\s?交$/ }).click();
    await page.getByTestId('extension-pending').waitFor();
    await expect.poll(async () => page.getByTestId('extension-pending').textContent()).toContain(asked);
    expect((await web.stack.api.get(`/api/tasks/${task.id}`)).body.history.extensions).toMatchObject([{ status: 'pending', requestedBy: STAFF.name, reason: '村组分散，雨雪天气道路不通' }]);
    await expectNoHorizontalScroll(page);
    await expectTouchTargets(page, '[data-testid="task-page"] button.ant-btn');
    await expectAccessible(page);
    await shoot(page, 'journey2-task');

    // 留痕: the completion and the request, in order, on the task's timeline.
    await page.getByRole('button', { name: '留痕' }).click();
    await page.locator('.ant-timeline-item').nth(1).waitFor();
    expect(await page.locator('.ant-timeline-item').allTextContents()).toEqual([
      expect.stringContaining(`张专干（经办人）完成步骤：${firstStep.title}`),
      expect.stringContaining('张专干（经办人）申请延期'),
    ]);

    // A DingTalk/WeCom notice links to /tasks/:id: opened without a session it asks for sign-in, then lands on the task.
    const fromNotice = await web.page('phone');
    await fromNotice.goto(`/tasks/${encodeURIComponent(task.id)}`);
    await fromNotice.getByRole('heading', { name: '登录督办工作台' }).waitFor();
    expect(new URL(fromNotice.url()).searchParams.get('next')).toBe(`/tasks/${encodeURIComponent(task.id)}`);
    await fromNotice.getByRole('button', { name: '以张专干身份登录' }).click();
    await fromNotice.getByTestId('task-page').waitFor();
    expect(new URL(fromNotice.url()).pathname).toBe(`/tasks/${encodeURIComponent(task.id)}`);
    await fromNotice.getByTestId(`step-${firstStep.id}`).getByTestId('evidence-thumbs').waitFor();

    // The same two pages on a desktop.
    const desktop = await web.pageAs(STAFF, 'desktop', '/tasks');
    await desktop.getByRole('link', { name: ROUNDS_TITLE }).waitFor();
    await expectAccessible(desktop);
    await shoot(desktop, 'journey2-my-tasks');
    await desktop.goto(`/tasks/${encodeURIComponent(task.id)}`);
    await desktop.getByTestId('evidence-thumbs').locator('img').first().waitFor();
    await shoot(desktop, 'journey2-task');
  });
});
