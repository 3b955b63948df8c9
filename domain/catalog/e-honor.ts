import type { Directive } from './types';

export const SECTION_E: Directive[] = [];
