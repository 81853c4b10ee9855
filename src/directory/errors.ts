import { defineError } from '../lib/errors.ts';

export const CompanyNotFound = defineError('MH_COMPANY_NOT_FOUND', 404, (ref: string) => `No company ${ref}`);
export const MergeSameCompany = defineError('MH_MERGE_SAME_COMPANY', 422, (ref: string) => `Cannot merge company ${ref} into itself`);
