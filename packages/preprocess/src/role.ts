export type PreprocessRole = 'transformer' | 'reduce';

/** `--role transformer|reduce` wins; else Numaflow's NUMAFLOW_UD_CONTAINER_TYPE (transformer); else reduce. */
export function preprocessRole(argv: readonly string[], env: Record<string, string | undefined>): PreprocessRole {
  const at = argv.indexOf('--role');
  const flag = at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith('--role='))?.slice('--role='.length);
  if (flag !== undefined) {
    if (flag !== 'transformer' && flag !== 'reduce') throw new Error(`--role must be 'transformer' or 'reduce', got '${flag}'`);
    return flag;
  }
  const type = env['NUMAFLOW_UD_CONTAINER_TYPE'];
  return type === 'transformer' || type === 'sourcetransformer' ? 'transformer' : 'reduce';
}
