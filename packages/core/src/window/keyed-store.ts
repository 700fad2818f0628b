interface Leaf<T> {
  value: T;
  keys: string[];
  lastUsed: number;
}

interface Node<T> {
  children: Map<string, Node<T>> | null;
  leaf: Leaf<T> | null;
}

/**
 * Per-composite-key state (a window, an online detector...), created on first use. Lookups walk one Map level
 * per key field, so a hit allocates nothing (no joined key string). Beyond maxKeys the least recently used
 * tenth of the keys is evicted in one pass, which keeps eviction cheap under key churn and memory bounded.
 */
export class KeyedStore<T> {
  private readonly root: Node<T> = { children: null, leaf: null };
  private leaves: Leaf<T>[] = [];
  private clock = 0;
  readonly maxKeys: number;
  private readonly create: (keys: readonly string[]) => T;
  evicted = 0;

  constructor(create: (keys: readonly string[]) => T, maxKeys = 100_000) {
    if (!(maxKeys >= 1)) throw new RangeError(`maxKeys must be >= 1, got ${maxKeys}`);
    this.create = create;
    this.maxKeys = maxKeys;
  }

  get size(): number {
    return this.leaves.length;
  }

  private find(keys: readonly string[], make: boolean): Node<T> | null {
    let node = this.root;
    for (let i = 0; i < keys.length; i++) {
      let next = node.children?.get(keys[i]!);
      if (!next) {
        if (!make) return null;
        next = { children: null, leaf: null };
        (node.children ??= new Map()).set(keys[i]!, next);
      }
      node = next;
    }
    return node;
  }

  /** The state of this key, created when missing. */
  get(keys: readonly string[]): T {
    const node = this.find(keys, true)!;
    if (node.leaf) {
      node.leaf.lastUsed = ++this.clock;
      return node.leaf.value;
    }
    const leaf: Leaf<T> = { value: this.create(keys), keys: [...keys], lastUsed: ++this.clock };
    node.leaf = leaf;
    this.leaves.push(leaf);
    if (this.leaves.length > this.maxKeys) this.evictOldest(leaf);
    return leaf.value;
  }

  /** The state of this key, or undefined (never creates). */
  peek(keys: readonly string[]): T | undefined {
    return this.find(keys, false)?.leaf?.value;
  }

  delete(keys: readonly string[]): boolean {
    const leaf = this.detach(keys);
    if (!leaf) return false;
    this.leaves = this.leaves.filter((l) => l !== leaf);
    return true;
  }

  *entries(): IterableIterator<[string[], T]> {
    for (const leaf of this.leaves) yield [leaf.keys, leaf.value];
  }

  /**
   * Clears the key's leaf and drops the nodes it leaves empty: without this every key ever seen kept its path
   * of nodes, so memory grew with key churn however small maxKeys was. Returns the leaf cleared (null: none).
   */
  private detach(keys: readonly string[]): Leaf<T> | null {
    const path: Node<T>[] = [this.root];
    for (const key of keys) {
      const next = path[path.length - 1]!.children?.get(key);
      if (!next) return null;
      path.push(next);
    }
    const leaf = path[keys.length]!.leaf;
    if (!leaf) return null;
    path[keys.length]!.leaf = null;
    for (let depth = keys.length; depth > 0; depth--) {
      const node = path[depth]!;
      if (node.leaf !== null || (node.children !== null && node.children.size > 0)) break;
      path[depth - 1]!.children!.delete(keys[depth - 1]!);
    }
    return leaf;
  }

  private evictOldest(keep: Leaf<T>): void {
    const count = Math.max(1, Math.floor(this.maxKeys / 10));
    const oldest = this.leaves
      .filter((l) => l !== keep)
      .sort((a, b) => a.lastUsed - b.lastUsed)
      .slice(0, count);
    const gone = new Set(oldest);
    for (const leaf of oldest) this.detach(leaf.keys);
    this.leaves = this.leaves.filter((l) => !gone.has(l));
    this.evicted += oldest.length;
  }
}
