import type { Directive } from '../domain/catalog';
import { describeDeadlineRule } from '../domain/deadline';
import type { Occurrence } from '../domain/recurrence';
import { toZonedIso } from '../domain/time';

/**
 * One period of a recurring duty as the API shows it (GET /api/recurring/:id upcoming, GET /api/calendar/:year):
 * when it opens, when its task is due and why — the directive's rule counted from the opening, or the period's
 * end — with the rule's provenance from the catalog (text / proposed / external), and the day a deadline before a
 * festival moved from when that day was a day off.
 */
export function occurrenceView(o: Occurrence, directive?: Pick<Directive, 'deadline'>) {
  return {
    periodKey: o.periodKey,
    label: o.label,
    opensAt: toZonedIso(o.opensAt),
    dueAt: toZonedIso(o.dueAt),
    endsAt: toZonedIso(o.endsAt),
    deadline: {
      basis: o.due.basis,
      ...(o.due.movedFrom ? { movedFrom: o.due.movedFrom } : {}),
      ...(directive
        ? {
            rule: directive.deadline.rule,
            description: describeDeadlineRule(directive.deadline.rule),
            provenance: directive.deadline.provenance,
            ...(directive.deadline.note ? { note: directive.deadline.note } : {}),
          }
        : {}),
    },
    ...(o.festivals ? { festivals: o.festivals } : {}),
  };
}
