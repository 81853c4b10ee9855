import { describe, expect, it } from 'vitest';
import { missingFields, readProfile, requiredFieldsFrom } from './profile.ts';

describe('reader profile', () => {
  it('reads the required fields from the setting, ignoring names it does not know', () => {
    expect(requiredFieldsFrom('company, jobTitle,,  bogus country')).toEqual(['company', 'jobTitle', 'country']);
    expect(requiredFieldsFrom('')).toEqual([]);
  });

  it('trims the posted fields, keeps empty ones as null, and lists every problem at once', () => {
    expect(readProfile({ name: '  Ana   Ruiz ', company: '', jobTitle: 'Buyer', country: 7 }, [])).toEqual({ name: 'Ana Ruiz', company: null, jobTitle: 'Buyer', industry: null, country: null });
    expect(() => readProfile({ name: 'x'.repeat(201), company: ' ' }, ['company'])).toThrow('Name: keep it to 200 characters. Company is required.');
    expect(missingFields({ name: 'Ana', company: null }, ['name', 'company'])).toEqual(['company']);
  });
});
