/** The tag a UDF puts on a result to drop it; the platform forwards such a message nowhere. */
export const DROP_TAG = 'U+005C__DROP__';

export interface TagConditions {
  operator: 'and' | 'or' | 'not';
  values: string[];
}

/**
 * Whether a message with these tags goes down an edge with these conditions, by the platform's rules:
 * no conditions (or no values) forwards everything; the default operator is `or`; a message without tags
 * is treated as having none.
 */
export function shouldForward(conditions: TagConditions | undefined, tags: readonly string[] | undefined): boolean {
  if (tags?.includes(DROP_TAG)) return false;
  if (!conditions || conditions.values.length === 0) return true;
  const has = (value: string) => (tags ?? []).includes(value);
  switch (conditions.operator) {
    case 'and':
      return conditions.values.every(has);
    case 'or':
      return conditions.values.some(has);
    case 'not':
      return !conditions.values.some(has);
  }
}
