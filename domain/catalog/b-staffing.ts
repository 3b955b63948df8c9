import type { Directive } from './types';

export const SECTION_B: Directive[] = [];
