import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll, shoot, until } from './support/browser';
import { STAFF, webSuite } from './support/suite';

/**
 * Journey 6, its first half: staff cannot reach 交办. The menu offers no link to it (on a desktop's side menu and in
 * a phone's drawer); its address typed in shows a 403 page saying why; and the API refuses the write anyway.
 */
const web = webSuite();

const menuItems = async (page: import('playwright-core').Page) => page.getByRole('menuitem').allInnerTexts();

describe('staff and 交办', () => {
  it('offers no 交办 link on a desktop, and its address shows a 403 page', async () => {
    const page = await web.pageAs(STAFF, 'desktop', '/');
    // Staff land on their tasks.
    await until(() => new URL(page.url()).pathname).toBe('/tasks');
    await until(() => menuItems(page)).toContain('任务');
    const items = await menuItems(page);
    expect(items).not.toContain('交办');
    expect(items).not.toContain('驾驶舱');
    await expect(page.getByRole('link', { name: '交办' }).count()).resolves.toBe(0);

    await page.goto('/assign');
    await page.getByText('无权访问').waitFor();
    await page.getByText('经办人无权使用「交办」。').waitFor();
    await expectAccessible(page);
    await shoot(page, 'forbidden');

    // The API refuses it too, with the session cookie and the app's CSRF header.
    const status = await page.evaluate<number, string>(
      async (body) =>
        (
          await fetch('/api/assignments', {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'content-type': 'application/json', 'X-Duban-CSRF': '1' },
            body,
          })
        ).status,
      JSON.stringify({ directiveId: 'care-fund-establishment', scopeUnitId: STAFF.unitId }),
    );
    expect(status).toBe(403);
  });

  it('offers no 交办 link in the phone menu, and its address shows a 403 page', async () => {
    const page = await web.pageAs(STAFF, 'phone', '/');
    await until(() => new URL(page.url()).pathname).toBe('/tasks');
    await page.getByRole('button', { name: '打开菜单' }).click();
    await until(() => menuItems(page)).toContain('任务');
    expect(await menuItems(page)).not.toContain('交办');

    await page.goto('/assign');
    await page.getByText('经办人无权使用「交办」。').waitFor();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await shoot(page, 'forbidden');
  });
});
