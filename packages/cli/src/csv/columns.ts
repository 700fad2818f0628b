/** Where the configured fields sit in a CSV header. */
export interface ColumnMap {
  timestamp: number;
  /** One index per config feature, in config order. */
  features: number[];
  /** One index per config key, or empty when the CSV has no key columns (then all rows are one key). */
  keys: number[];
  /** Number of header columns. */
  width: number;
}

export interface ColumnNames {
  timestampField: string;
  features: string[];
  keys: string[];
}

/** Thrown when the header lacks a column the configuration names. */
export class HeaderError extends Error {
  override readonly name = 'HeaderError';
}

/**
 * Maps the configured timestamp, feature and key fields onto the header. Key columns are all present or all
 * absent (absent: one key for the whole file); anything else is refused with the missing names.
 */
export function mapColumns(header: readonly string[], names: ColumnNames): ColumnMap {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (!index.has(name.trim())) index.set(name.trim(), i);
  });
  const find = (name: string) => index.get(name) ?? -1;
  const missing: string[] = [];
  const timestamp = find(names.timestampField);
  if (timestamp < 0) missing.push(`timestamp column '${names.timestampField}'`);
  const features = names.features.map(find);
  names.features.forEach((name, i) => {
    if (features[i]! < 0) missing.push(`feature column '${name}'`);
  });
  const keys = names.keys.map(find);
  const present = keys.filter((k) => k >= 0).length;
  if (present > 0 && present < keys.length) {
    names.keys.forEach((name, i) => {
      if (keys[i]! < 0) missing.push(`key column '${name}' (key columns are all present or all absent)`);
    });
  }
  if (missing.length > 0) {
    throw new HeaderError(`the CSV header (${header.join(',')}) lacks ${missing.join(', ')}; set timestampField, features and keys in the config`);
  }
  return { timestamp, features, keys: present === 0 ? [] : keys, width: header.length };
}
