import type { Directive } from './types';

export const SECTION_A: Directive[] = [];
