import { describe, expect, it } from 'vitest';
import { oversees, roleRefusal, subjectRefusal } from '../../domain/access';

const city = { id: 'c1', path: '/c1/' };
const county = { id: 'k1', path: '/c1/k1/' };
const beside = { id: 'k2', path: '/c1/k2/' };
const town = { id: 't1', path: '/c1/k1/t1/' };

describe('separation of duties (domain/access.ts oversees)', () => {
  it('gives a decision to the issuing level or above, strictly above the unit holding the work', () => {
    // The city issued work the county holds: the city decides, the county itself does not.
    expect(oversees(city, city, county)).toBe(true);
    expect(oversees(county, city, county)).toBe(false);
    // The city issued work straight to a town: not the county in between.
    expect(oversees(county, city, town)).toBe(false);
    // The county issued it to its town: the county decides, and the city above it may too; not the town or a neighbour.
    expect(oversees(county, county, town)).toBe(true);
    expect(oversees(city, county, town)).toBe(true);
    expect(oversees(town, county, town)).toBe(false);
    expect(oversees(beside, county, town)).toBe(false);
    // Work a unit issued to itself (an event it reported, a petition it handles) goes to the level above.
    expect(oversees(county, county, county)).toBe(false);
    expect(oversees(city, county, county)).toBe(true);
  });

  it('binds a subject to the person it was first seen as', () => {
    const person = { name: '钱专干', role: 'staff', unitId: 'k1' } as const;
    expect(subjectRefusal('p', person, undefined)).toBeUndefined();
    expect(subjectRefusal('p', person, person)).toBeUndefined();
    expect(subjectRefusal('p', { ...person, role: 'supervisor' }, person)).toMatch(/^subject: p is 钱专干, a staff member \(经办人\) at k1/);
  });

  it('refuses a role in words', () => {
    expect(roleRefusal('admin', 'readPetitions')).toBe('an administrator (系统管理员) may not read petition cases (信访)');
  });
});
