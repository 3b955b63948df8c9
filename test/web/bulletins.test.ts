import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { monthBefore } from '../../domain/bulletin';
import { ZONE } from '../../domain/time';
import { uploadedEvidence } from '../support/evidence-files';
import { eventually, uniqueId } from '../support/temporal';
import { expectAccessible, expectNoHorizontalScroll, shoot, type Viewport } from './support/browser';
import { SUPERVISOR, webSuite } from './support/suite';

/**
 * 通报 in a real browser on the demo org: the city's supervisor makes last month's bulletin, reads its ranking, the
 * overdue work and the praised, and downloads it as Word — at desktop and phone sizes, with screenshots.
 */
const web = webSuite();
const CITY = '610600';
const BAOTA = '610602';
const ANSAI = '610603';

beforeAll(async () => {
  const { api, readModel } = web.stack;
  // 宝塔区 finishes its care-fund task on time; a village of 安塞区 has a plaque 20 days late.
  const fund = await api.post('/api/assignments', { directiveId: 'care-fund-establishment', scopeUnitId: CITY });
  expect(fund.status).toBe(201);
  const taskId = `${fund.body.id}.${BAOTA}`;
  const task = await eventually(async () => (await api.get(`/api/tasks/${taskId}`)).body, (t) => t?.steps !== undefined);
  const staff = api.as({ role: 'staff', unitId: BAOTA });
  for (const step of task.steps) {
    const evidence = [await uploadedEvidence(api, BAOTA)];
    expect((await staff.post(`/api/tasks/${taskId}/steps/${step.id}/complete`, { evidence })).status).toBe(200);
  }
  const village = (await readModel.org.children((await readModel.org.children(ANSAI))[0]!.id))[0]!;
  const occurredAt = DateTime.now().setZone(ZONE).minus({ days: 50 }).toISO() as string;
  const event = await api.post('/api/events', { type: 'veteran-verified', unitId: village.id, subject: uniqueId('通报网页'), occurredAt });
  expect(event.status).toBe(201);
  await eventually(() => readModel.db.prepare('SELECT overdue_at FROM tasks WHERE id = ?').pluck().get(event.body.taskId), (v) => typeof v === 'number');
});

async function check(page: Page, name: string): Promise<void> {
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
  await shoot(page, name);
}

const SIZES: Viewport[] = ['desktop', 'phone'];

describe('通报', () => {
  for (const size of SIZES)
    it(`the supervisor makes last month's bulletin, reads it and downloads it as Word (${size})`, async () => {
      const period = monthBefore(Date.now());
      const label = `${Number(period.slice(0, 4))}年${Number(period.slice(5))}月`;
      const page = await web.pageAs(SUPERVISOR, size, '/bulletins');
      await page.getByRole('heading', { name: '通报', exact: true }).waitFor();
      // Last month is chosen by default.
      await page.getByText(label, { exact: true }).first().waitFor();
      await page.getByRole('button', { name: '生成通报' }).click();
      await page.waitForURL(/\/bulletins\/b[0-9a-f]{16}$/);
      await page.getByRole('heading', { name: `关于${label}延安市督办工作情况的通报` }).waitFor();
      for (const section of ['一、总体情况', '二、按期率排名', '三、逾期情况', '四、表扬单位', '五、常态化标准达标情况', '六、签收情况']) {
        await page.getByText(section, { exact: true }).waitFor();
      }
      await page.getByText('宝塔区：已完成1项任务，全部按期完成，无逾期').waitFor();
      await page.getByText('为审核通过的退役军人送光荣牌').first().waitFor();
      await check(page, `bulletin`);

      if (size === 'desktop') {
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 Word' }).click()]);
        expect(download.suggestedFilename()).toBe(`通报_延安市_${label}.docx`);
        expect((await download.failure()) ?? null).toBeNull();
      }

      await page.getByRole('link', { name: '返回通报列表' }).click();
      await page.getByRole('link', { name: `关于${label}延安市督办工作情况的通报` }).waitFor();
      await check(page, 'bulletins');
    });
});
