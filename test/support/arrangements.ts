/**
 * Holiday arrangements to enter in tests.
 *
 * TEST_2027 is NOT the State Council's 2027 notice: no official 2027 arrangement was available when this was
 * written (chinese-days 1.5.7 has none either). It is a plausible arrangement made up for the tests, shaped like
 * the real notices (breaks around the days off fixed by law, 调休 weekends worked), and its title says so. What the
 * tests check is behaviour — an entered break is skipped and an entered 上班 Saturday is counted — not these dates.
 *
 * OFFICIAL_2026 is the real notice: 国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04, which chinese-days carries.
 */
export const TEST_2027 = {
  notice: { title: '【测试用，非官方】2027年部分节假日安排', date: '2026-11-20' },
  holidays: [
    { name: '元旦', start: '2027-01-01', end: '2027-01-03' },
    { name: '春节', start: '2027-02-05', end: '2027-02-13' },
    { name: '清明节', start: '2027-04-03', end: '2027-04-05' },
    { name: '劳动节', start: '2027-05-01', end: '2027-05-05' },
    // A break may also be sent as its days one by one.
    '2027-06-09',
    '2027-09-15',
    { name: '国庆节', start: '2027-10-01', end: '2027-10-07' },
  ],
  workdays: ['2027-02-20', '2027-05-08', '2027-09-26', '2027-10-09'],
};

export const OFFICIAL_2026 = {
  notice: { title: '国务院办公厅关于2026年部分节假日安排的通知', date: '2025-11-04' },
  holidays: [
    { name: '元旦', start: '2026-01-01', end: '2026-01-03' },
    { name: '春节', start: '2026-02-15', end: '2026-02-23' },
    { name: '清明节', start: '2026-04-04', end: '2026-04-06' },
    { name: '劳动节', start: '2026-05-01', end: '2026-05-05' },
    { name: '端午节', start: '2026-06-19', end: '2026-06-21' },
    { name: '中秋节', start: '2026-09-25', end: '2026-09-27' },
    { name: '国庆节', start: '2026-10-01', end: '2026-10-07' },
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

/** The 2026 notice mistyped: 国庆 to 8 Oct, the 10 Oct 上班 left out — two days on which it disagrees with the library. */
export const MISTYPED_2026 = {
  ...OFFICIAL_2026,
  holidays: OFFICIAL_2026.holidays.map((h) => (h.name === '国庆节' ? { ...h, end: '2026-10-08' } : h)),
  workdays: OFFICIAL_2026.workdays.filter((d) => d !== '2026-10-10'),
};
