import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../support/people';
import { expectAccessible, expectNoHorizontalScroll, shoot, until, type Viewport } from './support/browser';
import { STAFF, SUPERVISOR, webSuite } from './support/suite';

/**
 * 年度工作日历, 达标 and 信访 in a real browser on the demo org: the pages the staff of a town (张专干) and the city's
 * supervisor use, at desktop and phone sizes, each checked by axe and for sideways scrolling, with screenshots.
 */
const web = webSuite();

const ADMIN: Person = { role: 'admin', unitId: '610600', name: '管理员' };
// Case numbers and campaign ids name workflows on the run's one Temporal server, which other files share (the API
// tests import 延信2026第12号 too): this file's are its own, still Chinese case numbers.
const RUN = String(Date.now() % 100_000);
const CASE_ID = `延信${RUN}第12号`;
const OTHER_CASE_ID = `延信${RUN}第13号`;
const CAMPAIGN_ID = `rescreen-web-${RUN}`;
// A 1×1 PNG: evidence is recognised by its content.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

const LEDGER = [
  '编号,承办单位编码,登记日期,信访人,联系方式,诉求摘要,阶段,受理日期,答复日期,延期天数,延期理由',
  `${CASE_ID},610602001,2026-11-10,张某,138****0001,反映优抚金发放不及时,待受理,,,,`,
  `${OTHER_CASE_ID},610602001001,2026-10-01,李某,,要求落实参战人员待遇,办理中,2026-10-09,,,`,
].join('\n');

beforeAll(async () => {
  const supervisor = web.stack.api.as(SUPERVISOR);
  const imported = await supervisor.post('/api/petitions/import', LEDGER, { 'content-type': 'text/csv; charset=utf-8' });
  expect(imported.status, JSON.stringify(imported.body)).toBeLessThan(300);
  const campaign = await supervisor.post('/api/petitions/campaigns', { id: CAMPAIGN_ID, scopeUnitId: '610602', withinDays: 14 });
  expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
});

async function check(page: Page, name: string): Promise<void> {
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
  await shoot(page, name);
}

const SIZES: Viewport[] = ['desktop', 'phone'];

describe('年度工作日历', () => {
  for (const size of SIZES)
    it(`shows a year with its holidays and duties, and flags a year without a published arrangement (${size})`, async () => {
      const page = await web.pageAs(STAFF, size, '/calendar/2026');
      await page.getByRole('heading', { name: '年度工作日历' }).waitFor();
      await page.getByText('单位：宝塔区中川街道').waitFor();
      // 2026's arrangement is published: 国庆 is a break with its 调休 workday, and no warning. (A phone lists the
      // months, this month open: open October.)
      if (size === 'phone') await page.getByRole('button', { name: /^10月/ }).click();
      await page.getByText('国庆节 10月1日–10月7日（7天）').first().waitFor();
      await page.getByText('10月10日（国庆节）').first().waitFor({ state: 'attached' });
      expect(await page.getByText('2026年节假日安排尚未发布').count()).toBe(0);
      await check(page, 'calendar');

      // The year switcher to 2027, whose arrangement is not published: the days fixed by law, 调休 unknown.
      await page.getByRole('button', { name: '下一年' }).click();
      await page.waitForURL(/\/calendar\/2027$/);
      await page.getByText('2027年节假日安排尚未发布', { exact: true }).waitFor();
      await page.getByText(/调休（补休、补班）未知/).waitFor();

      // Each recurring duty with its periods, deadline basis and provenance.
      await page.getByRole('tab', { name: '周期任务' }).click();
      await page.getByRole('tabpanel').getByText('专职人员每月把每个社区、村跑一遍').waitFor();
      expect(await page.getByText('原文规定').count()).toBeGreaterThan(0);
      await check(page, 'calendar-2027-duties');
    });
});

describe('达标', () => {
  it('staff attest their town\'s standards with evidence, and see the result in the history', async () => {
    const page = await web.pageAs(STAFF, 'desktop', '/standards');
    await page.getByRole('heading', { name: '达标' }).waitFor();
    // A4: the 五有 and the four constructions, all in place.
    await page.getByText('A4 服务中心（站）挂牌与“五有”建设').waitFor();
    for (const item of ['有机构', '有编制', '有人员', '有经费', '有保障', '硬件建设', '软件建设', '文化建设', '制度建设']) {
      await page.getByRole('checkbox', { name: item }).check();
    }
    // Without evidence the form refuses before asking the API.
    await page.getByRole('button', { name: '提交填报' }).click();
    await page.getByText('请至少上传一份佐证材料').waitFor();
    await page.locator('input[type=file]').setInputFiles({ name: '五有照片.png', mimeType: 'image/png', buffer: PNG });
    await page.getByText('五有照片.png').waitFor();
    // Polled from here, not with waitForFunction: a string predicate is evaluated in the page, and the app's CSP
    // (no 'unsafe-eval') refuses it.
    await until(() => page.locator('.ant-upload-list-item-uploading').count()).toBe(0);
    // The evidence field's error is gone once a file is in (and its fade-out over before axe looks).
    await page.getByText('请至少上传一份佐证材料').waitFor({ state: 'detached' });
    await check(page, 'standards-attest');
    await page.getByRole('button', { name: '提交填报' }).click();
    await page.getByText('已提交填报').waitFor();

    const history = await web.stack.api.as(STAFF).get('/api/units/610602001/attestations');
    expect(history.status).toBe(200);
    const [attestation] = history.body.attestations as Array<{ directiveId: string; evidence: unknown[]; results: Array<{ compliant: boolean }> }>;
    expect(attestation?.directiveId).toBe('center-station-establishment-five-haves');
    expect(attestation?.evidence).toHaveLength(1);
    expect(attestation?.results.every((r) => r.compliant)).toBe(true);

    await page.getByRole('tab', { name: '填报记录' }).click();
    await page.getByText('“五有”：5 项').waitFor();
    await check(page, 'standards-history');
  });

  for (const size of SIZES)
    it(`shows the supervisor the roll-up with lights, no form (${size})`, async () => {
      const page = await web.pageAs(SUPERVISOR, size, '/standards');
      await page.getByText('只有本单位经办人可以填报').waitFor();
      expect(await page.getByRole('tab', { name: '填报', exact: true }).count()).toBe(0);
      await page.getByText('A4 服务中心（站）挂牌与“五有”建设').first().waitFor();
      // Nothing attested by most towns: yellow (missing), never green.
      await page.getByText('黄灯').first().waitFor();
      expect(await page.getByText('绿灯').count()).toBe(0);
      await check(page, 'standards-rollup');
    });
});

describe('信访', () => {
  for (const size of SIZES)
    it(`lists the subtree's cases without personal fields and opens a Chinese-numbered case (${size})`, async () => {
      const page = await web.pageAs(STAFF, size, '/petitions');
      await page.getByRole('link', { name: CASE_ID }).first().waitFor();
      await page.getByText('共 2 件').waitFor();
      expect(await page.getByText('张某').count()).toBe(0);
      expect(await page.getByText('138****0001').count()).toBe(0);
      await check(page, 'petitions');

      await page.getByRole('link', { name: CASE_ID }).first().click();
      await page.waitForURL((url) => url.pathname === `/petitions/cases/${encodeURIComponent(CASE_ID)}`);
      await page.getByRole('heading', { name: CASE_ID }).waitFor();
      // The case page shows the petitioner as the API gives them to those who may read cases.
      await page.getByText('张某').waitFor();
      await page.getByText('受理期限').waitFor();
      await check(page, 'petition-case');
    });

  it('records the four-check screening of a case', async () => {
    const page = await web.pageAs(STAFF, 'desktop', `/petitions/cases/${encodeURIComponent(CASE_ID)}`);
    const form = page.getByTestId('screening-form');
    await form.waitFor();
    for (const [check, value] of [
      ['答复是否及时合规', '是'],
      ['政策是否落实到位', '是'],
      ['问题是否有效解决', '否'],
      ['思想是否反弹波动', '是'],
    ] as const) {
      await form.getByRole('radiogroup', { name: check }).getByText(value, { exact: true }).click();
    }
    await form.getByLabel('备注').fill('优抚金已补发，档案待核实');
    await form.getByRole('button', { name: '提交排查结果' }).click();
    await page.getByText('已记录排查结果').waitFor();
    await page.getByText('问题是否有效解决：否').waitFor();
    expect(await page.getByTestId('screening-form').count()).toBe(0);

    const detail = await web.stack.api.as(STAFF).get(`/api/petitions/${encodeURIComponent(CASE_ID)}`);
    const screening = (detail.body.screenings as Array<{ campaignId: string; status: string; checks: Record<string, string> }>).find((s) => s.campaignId === CAMPAIGN_ID);
    expect(screening?.status).toBe('failed');
    expect(screening?.checks).toEqual({ timelyReply: 'pass', policyImplemented: 'pass', problemSolved: 'fail', attitudeStable: 'pass' });

    await page.getByRole('link', { name: CAMPAIGN_ID }).click();
    await page.getByRole('heading', { name: CAMPAIGN_ID }).waitFor();
    await page.getByText('1/2').first().waitFor();
    await check(page, 'petition-campaign');
  });

  it('is not offered to an admin, and its address says why', async () => {
    const page = await web.pageAs(ADMIN, 'desktop', '/calendar');
    await page.getByRole('heading', { name: '年度工作日历' }).waitFor();
    expect(await page.getByRole('menuitem', { name: /信访/ }).count()).toBe(0);
    await page.goto('/petitions');
    await page.getByText('无权访问').waitFor();
  });
});
