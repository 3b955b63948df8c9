import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoHorizontalScroll, shoot, until, type Viewport } from './support/browser';
import { webSuite } from './support/suite';

/**
 * Sign-in as a new user meets it: the demo's people listed to pick (the stack runs the demo org), a pick lands on the
 * role's home page with the session held in an httpOnly cookie page script cannot read; sign-out returns to sign-in;
 * a page opened while signed out comes back after sign-in.
 */
const web = webSuite();

describe('sign-in', () => {
  for (const viewport of ['desktop', 'phone'] as const satisfies readonly Viewport[]) {
    it(`lists the demo people in Chinese and is accessible (${viewport})`, async () => {
      const page = await web.page(viewport);
      await page.goto('/');
      // Signed out, the app sends the person to sign-in.
      await until(() => new URL(page.url()).pathname).toBe('/sign-in');
      await page.getByRole('heading', { name: '登录督办工作台' }).waitFor();
      for (const name of ['王局长', '李督办', '张专干']) await page.getByRole('button', { name: `以${name}身份登录` }).waitFor();
      expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      await shoot(page, 'sign-in');
    });
  }

  it('signs the leader in by picking 王局长, keeps the session from page script, and signs out', async () => {
    const page = await web.page('desktop');
    await page.goto('/sign-in');
    await page.getByRole('button', { name: '以王局长身份登录' }).click();
    // A leader's home is 驾驶舱.
    await until(() => new URL(page.url()).pathname).toBe('/dashboard');
    await page.getByRole('heading', { name: /驾驶舱 · 延安市/ }).waitFor();
    await page.getByText('王局长').first().waitFor();

    const cookies = await page.context().cookies(web.url);
    const session = cookies.find((c) => c.name === 'duban_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    // Page script sees no token: the cookie is httpOnly.
    expect(await page.evaluate('document.cookie')).not.toContain('duban_session');

    await page.getByRole('button', { name: '退出登录' }).click();
    await until(() => new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByRole('heading', { name: '登录督办工作台' }).waitFor();
    expect((await page.context().cookies(web.url)).some((c) => c.name === 'duban_session')).toBe(false);
    // Signed out for real: the app's pages send back to sign-in.
    await page.goto('/dashboard');
    await until(() => new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByRole('heading', { name: '登录督办工作台' }).waitFor();
    // Signing out is not an expiry: no 登录已过期 line.
    expect(await page.getByText('登录已过期，请重新登录。').count()).toBe(0);
  });

  it('brings a person who opened a page while signed out back to it after sign-in', async () => {
    const page = await web.page('phone');
    await page.goto('/calendar');
    await until(() => new URL(page.url()).pathname).toBe('/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/calendar');
    await page.getByRole('button', { name: '以张专干身份登录' }).click();
    await until(() => new URL(page.url()).pathname).toBe('/calendar');
  });
});
